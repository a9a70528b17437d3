// Validates with ajv (JSON Schema 2020-12, ECMA-262 regular expressions with the `u` flag, as
// browsers and JavaScript clients read them) every example in an OpenAPI document against the
// schema it illustrates, and a list of [schema pointer, value] pairs (the seed's names).
// Usage: node validate.mjs openapi.json [values.json]; prints one line per failure, exits 1 if any.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [specPath, valuesPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const local = (schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/'));
ajv.addSchema({ $id: "spec", components: local(spec.components ?? {}) });

const failures = [];
let checked = 0;
function check(where, schema, value) {
  checked += 1;
  let validate;
  try {
    validate = ajv.compile(local(schema));
  } catch (error) {
    failures.push(`${where}: the schema does not compile: ${error.message}`);
    return;
  }
  if (!validate(value)) {
    failures.push(`${where}: ${JSON.stringify(value).slice(0, 120)} ${ajv.errorsText(validate.errors)}`);
  }
}

// Schema nodes with `examples` (JSON Schema's keyword): each must validate against its own node.
function walkSchema(where, node) {
  if (Array.isArray(node)) return node.forEach((item, i) => walkSchema(`${where}/${i}`, item));
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node.examples) && (node.type || node.anyOf || node.pattern || node.$ref || node.enum)) {
    node.examples.forEach((example, i) => check(`${where}/examples/${i}`, node, example));
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== "examples") walkSchema(`${where}/${key}`, value);
  }
}
walkSchema("#/components/schemas", spec.components?.schemas ?? {});

// Parameters and media types: `example` / `examples` (Example Objects) against their `schema`.
function walkDocument(where, node) {
  if (Array.isArray(node)) return node.forEach((item, i) => walkDocument(`${where}/${i}`, item));
  if (node === null || typeof node !== "object") return;
  if (node.schema && typeof node.schema === "object") {
    if ("example" in node) check(`${where}/example`, node.schema, node.example);
    if (node.examples && !Array.isArray(node.examples)) {
      for (const [name, example] of Object.entries(node.examples)) {
        if (example && "value" in example) check(`${where}/examples/${name}`, node.schema, example.value);
      }
    }
    walkSchema(`${where}/schema`, node.schema);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== "schema" && key !== "examples" && key !== "example") walkDocument(`${where}/${key}`, value);
  }
}
walkDocument("#/paths", spec.paths ?? {});

if (valuesPath) {
  for (const [pointer, value] of JSON.parse(readFileSync(valuesPath, "utf8"))) {
    check(`${pointer} ← value`, { $ref: pointer }, value);
  }
}
for (const failure of failures) console.log(failure);
console.error(`checked ${checked} examples and values, ${failures.length} failures`);
process.exit(failures.length ? 1 : 0);

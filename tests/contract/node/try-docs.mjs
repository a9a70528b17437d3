// Opens Swagger UI in Debian's chromium, runs each operation with "Try it out" → Execute as the
// page fills it in (nothing typed), and prints the response bodies it shows; the screenshot is of
// the first. Usage: node try-docs.mjs BASE_URL SCREENSHOT_PATH TAG-OPERATIONID...
// With DOCS_API_KEY set, it first enters that key in the Authorize dialog; DOCS_BODIES (JSON,
// operation → request body text) replaces the prefilled body of those operations. Then it opens
// ReDoc. Every Content-Security-Policy violation and page error on either page is reported.
import { chromium } from "playwright-core";

const [base, screenshot, ...operations] = process.argv.slice(2);
const bodiesToSend = JSON.parse(process.env.DOCS_BODIES || "{}");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
  const offsite = [];
  const violations = [];
  page.on("requestfinished", (request) => {  // loaded, not merely attempted and refused
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith(`blob:${base}`)) offsite.push(url);
  });
  // A refusal of something from another site is the policy doing its job (ReDoc's footer
  // logo lives on cdn.redoc.ly); a refusal of the page's own scripts or styles would break it.
  const blockedOffsite = [];
  page.on("console", (message) => {
    const text = message.text();
    if (!/Content Security Policy|Refused to/i.test(text)) return;
    const url = (text.match(/'(https?:[^']+)'/) || [])[1];
    if (url && !url.startsWith(base)) blockedOffsite.push(url);
    else violations.push(text);
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  await page.goto(`${base}/docs`, { waitUntil: "networkidle" });
  let authorized = false;
  if (process.env.DOCS_API_KEY) {
    await page.locator(".auth-wrapper .authorize").first().click();
    const dialog = page.locator(".modal-ux");
    await dialog.locator("#auth-bearer-value").fill(process.env.DOCS_API_KEY);
    await dialog.locator("button.authorize").first().click();
    await dialog.locator("button", { hasText: "Logout" }).first().waitFor({ timeout: 10000 });
    authorized = true;
    await dialog.locator("button.close-modal").first().click();
  }
  const bodies = {};
  const statuses = {};
  for (const id of operations) {
    const operation = page.locator(`#operations-${id}`);
    await operation.locator(".opblock-summary").first().click();
    await operation.locator(".try-out__btn").click();
    if (bodiesToSend[id] !== undefined) {
      await operation.locator("textarea.body-param__text").fill(bodiesToSend[id]);
    }
    await operation.locator(".execute").click();
    const body = operation.locator(".live-responses-table .response-col_description pre").first();
    await body.waitFor({ timeout: 20000 });
    if (Object.keys(bodies).length === 0) await page.screenshot({ path: screenshot, fullPage: false });
    bodies[id] = await body.innerText();
    statuses[id] = (await operation.locator(".live-responses-table .response .response-col_status")
      .first().innerText()).trim();
  }
  await page.goto(`${base}/redoc`, { waitUntil: "networkidle" });
  const redoc = page.locator("h2", { hasText: "Get a person" }).first();
  await redoc.waitFor({ timeout: 30000 });
  const redocRendered = await redoc.isVisible();
  console.log(JSON.stringify({ bodies, statuses, offsite, violations, blockedOffsite, authorized, redocRendered }));
} finally {
  await browser.close();
}

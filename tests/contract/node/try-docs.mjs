// Opens Swagger UI in Debian's chromium, runs each operation with "Try it out" → Execute as the
// page fills it in (nothing typed), and prints the response bodies it shows; the screenshot is of
// the first. Usage: node try-docs.mjs BASE_URL SCREENSHOT_PATH TAG-OPERATIONID...
import { chromium } from "playwright-core";

const [base, screenshot, ...operations] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
  const offsite = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(base) && !request.url().startsWith("data:")) offsite.push(request.url());
  });
  await page.goto(`${base}/docs`, { waitUntil: "networkidle" });
  const bodies = {};
  for (const id of operations) {
    const operation = page.locator(`#operations-${id}`);
    await operation.locator(".opblock-summary").first().click();
    await operation.locator(".try-out__btn").click();
    await operation.locator(".execute").click();
    const body = operation.locator(".live-responses-table .response-col_description pre").first();
    await body.waitFor({ timeout: 20000 });
    if (Object.keys(bodies).length === 0) await page.screenshot({ path: screenshot, fullPage: false });
    bodies[id] = await body.innerText();
  }
  console.log(JSON.stringify({ bodies, offsite }));
} finally {
  await browser.close();
}

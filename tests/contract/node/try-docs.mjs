// Opens Swagger UI in Debian's chromium, runs listArticles with "Try it out" → Execute, and
// prints the response body it shows. Usage: node try-docs.mjs BASE_URL SCREENSHOT_PATH
import { chromium } from "playwright-core";

const [base, screenshot] = process.argv.slice(2);
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
  const operation = page.locator("#operations-articles-listArticles");
  await operation.locator(".opblock-summary").first().click();
  await operation.locator(".try-out__btn").click();
  await operation.locator(".execute").click();
  const body = operation.locator(".live-responses-table .response-col_description pre").first();
  await body.waitFor({ timeout: 20000 });
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(JSON.stringify({ body: await body.innerText(), offsite }));
} finally {
  await browser.close();
}

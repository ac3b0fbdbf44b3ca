// @ts-check
// Runs a plan of steps (tests/browser/test_engines.py) in Debian's Firefox ESR through
// puppeteer-core over WebDriver BiDi, and prints each step's answer as one JSON line.
//   node tests/browser/engines/firefox.mjs PLAN.json
// A step: {goto: url} | {wait: "js expression", ms} | {evaluate: "js expression"}
//       | {type: selector, text} | {upload: selector, path}
import { readFileSync } from "node:fs";
import process from "node:process";
import puppeteer from "puppeteer-core";

const plan = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: plan.executable || "/usr/bin/firefox-esr",
  headless: true,
  // Firefox's own background traffic would hit this machine's closed network.
  extraPrefsFirefox: { "network.captive-portal-service.enabled": false, "app.update.enabled": false },
});
const answers = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844 });
  for (const step of plan.steps) {
    if (step.goto) await page.goto(step.goto, { waitUntil: "domcontentloaded" });
    else if (step.wait) await page.waitForFunction(step.wait, { timeout: step.ms || 60_000, polling: 100 });
    else if (step.evaluate) answers.push(await page.evaluate(step.evaluate));
    else if (step.type) {
      await page.click(step.type, { count: 3 });
      await page.type(step.type, step.text);
    } else if (step.upload) {
      const input = /** @type {import("puppeteer-core").ElementHandle<HTMLInputElement>} */ (await page.$(step.upload));
      await input?.uploadFile(step.path);
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ answers }) + "\n");

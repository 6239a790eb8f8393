// Looks at a running app as a person would: node tests/e2e/screenshot.mjs [URL] [OUT.png]
// (defaults: ./dev start's address, tests/e2e/screenshots/manual.png). Prints what the page shows.
import { join } from 'node:path';
import { launchChromium, SCREENSHOTS } from './harness.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/';
const out = process.argv[3] ?? join(SCREENSHOTS, 'manual.png');

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => m.type() === 'error' && console.error(`console error: ${m.text()}`));
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.locator('.result, .error-box').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.screenshot({ path: out, fullPage: true });
  const text = (await page.locator("body").innerText()).split("\n");
  console.log([out, "---", ...text.slice(0, 30), text.length > 30 ? `... (${text.length - 30} more lines)` : ""].join("\n"));
} finally {
  await browser.close();
}

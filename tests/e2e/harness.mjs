// Shared set-up for the end-to-end tests: the built app served from dist/, Debian's Chromium driven
// by playwright-core, and every console error or page error collected so a test can fail on it.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from './server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const DIST = process.env.LICENSELAB_DIST ?? join(ROOT, 'dist');
export const SCREENSHOTS = join(HERE, 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Root needs --no-sandbox; the rest keeps Chromium off the network, which is closed here.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
];

/** Debian's Chromium, headless, driven by playwright-core. */
export function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (or ./dev test)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Serves dist/ and launches Chromium for one test file; both are closed when the test `t` ends.
 * Returns { url, open(path) }, where open resolves to a page whose `problems` lists every
 * console error, page error and failed request seen so far.
 */
export async function startApp(t) {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the app first (trunk build --release, or ./dev test)`);
  }
  const server = await serveStatic(DIST);
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await server.close();
  });

  return {
    url: server.url,
    browser,
    /** Opens `path` at a laptop size (or `viewport`); `problems` collects errors as they happen. */
    async open(path = '', viewport = { width: 1366, height: 768 }) {
      const page = await browser.newPage({ viewport, acceptDownloads: true });
      page.problems = [];
      page.on('console', (m) => m.type() === 'error' && page.problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
      await page.goto(new URL(path, server.url).href);
      return page;
    },
  };
}

/** Saves a full-page screenshot as tests/e2e/screenshots/NAME.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A locator's text without the Unicode isolates (U+2066-U+2069) the app puts around names in sentences. */
export async function plainText(locator) {
  return (await locator.innerText()).replace(/[\u2066-\u2069]/g, '');
}

/** Goes to the latest step: an example opens where its problem shows, often before its steps. */
export async function latest(page) {
  if (await page.locator('.past-banner').count()) await page.getByRole('button', { name: 'Go to latest' }).click();
  await page.locator('.past-banner').waitFor({ state: 'detached' });
}

/**
 * Applies the change a control drafted (every edit control makes a draft first): confirms the
 * loss of service when the draft names one, clicks its Apply, and waits for the draft to go.
 */
export async function applyDraft(page) {
  const draft = page.locator('.draft');
  await draft.waitFor();
  const confirm = draft.locator('.draft-confirm input');
  if (await confirm.count()) await confirm.check();
  await draft.locator('.actions button').first().click();
  await draft.waitFor({ state: 'detached' });
}

/** Opens the seat-exhaustion example and makes it the user's work: its seats set to 12, one step. */
export async function seatsEdited(app) {
  const page = await app.open('/?example=seat-exhaustion.json');
  await page.locator('.scenario-name').waitFor({ state: 'visible', timeout: 30_000 });
  await page.getByRole('tab', { name: 'Products', exact: true }).click();
  await page.getByLabel('Enabled seats').fill('12');
  await page.getByRole('button', { name: 'Set seats' }).click();
  await applyDraft(page);
  await page.getByText('Step 1 of 1').waitFor();
  return page;
}

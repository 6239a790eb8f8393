// The embed page as a documentation author uses it: web/embedding.html embeds two scenarios (a
// plain iframe with a scenario file, and the custom element with the scenario in the URL); a big
// scenario loads without freezing the page; the page's transfer size stays within its budget.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { DIST, ROOT, screenshot, startApp } from './harness.mjs';

test('a page embeds two scenarios; their step sliders move and the tables follow', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/embedding.html', { width: 1000, height: 900 });
  const frames = page.locator('iframe');
  await frames.nth(1).waitFor();
  assert.equal(await frames.count(), 2);

  const file = page.frameLocator('#embed-file');
  await file.locator('.embed-title').waitFor({ timeout: 30_000 });
  assert.match(await file.locator('.embed-title').innerText(), /the two-group way/);
  assert.match(await file.locator('.step-label').innerText(), /Step 2 of 5/);
  const slider = file.getByRole('slider');
  await slider.focus();
  const userRow = (name) => file.locator('.users-table tbody tr', { has: file.locator('th', { hasText: name }) }).innerText();
  await page.keyboard.press('End');
  await file.getByText('Step 5 of 5').waitFor();
  // At the end Ann has moved to E3; Bo and Cy still hold E1, so their E3 is in conflict.
  assert.match(await userRow('ann'), /Office 365 E3 \(4\/4\)/);
  assert.doesNotMatch(await userRow('ann'), /E1/);
  assert.match(await userRow('bo'), /Office 365 E1 \(3\/3\).*Error/s);
  await page.keyboard.press('Home');
  await file.getByText('Step 0 of 5').waitFor();
  // At the start everyone has E1 only.
  for (const name of ['ann', 'bo', 'cy']) {
    assert.match(await userRow(name), /Office 365 E1 \(3\/3\)/, name);
    assert.doesNotMatch(await userRow(name), /E3/, name);
  }
  await file.getByRole('tab', { name: 'Groups' }).click();
  await file.locator('.groups-table').waitFor();
  await file.getByRole('tab', { name: 'Products' }).click();
  await file.locator('.products-table .seat-bar').first().waitFor();

  const inline = page.frameLocator('licenselab-scenario iframe');
  await inline.locator('.embed-title').waitFor({ timeout: 30_000 });
  assert.match(await inline.locator('.embed-title').innerText(), /A dependency that blocks a removal/);
  const href = await inline.locator('a.open-full').getAttribute('href');
  assert.match(href, /^\.\/#s=/);
  // At the end Ned's removal from the group is blocked: he keeps E3, ActiveWithError.
  const nedRow = () => inline.locator('.users-table tbody tr', { has: inline.locator('th', { hasText: 'ned' }) }).innerText();
  assert.match(await nedRow(), /Office 365 E3.*ActiveWithError/s);
  await inline.getByRole('button', { name: 'Previous step' }).click();
  await inline.getByText(/Step 4 of 5/).waitFor();
  await inline.getByRole('slider').fill('0');
  await inline.getByText(/Step 0 of 5/).waitFor();
  // Before any step Ned has E3 from the group and nothing else.
  assert.match(await nedRow(), /Office 365 E3 \(3\/3\)/);
  assert.doesNotMatch(await nedRow(), /Audio|ActiveWithError/);
  // The custom element sizes its iframe to the content.
  await page.waitForFunction(() => parseInt(document.querySelector('licenselab-scenario iframe').style.height, 10) !== 420);
  const height = await page.evaluate(() => document.querySelector('licenselab-scenario iframe').getBoundingClientRect().height);
  assert.ok(height > 200 && height < 1500, `iframe height ${height}`);
  await screenshot(page, 'embedding-page');

  // "Open in licenselab" opens the same scenario in the full app.
  const full = await app.open(new URL(href, new URL('/embed.html', app.url)).href.replace(app.url, '/'));
  await full.locator('.scenario-name').waitFor({ timeout: 30_000 });
  assert.match(await full.locator('.scenario-name').innerText(), /A dependency that blocks a removal/);
  assert.deepEqual([...page.problems, ...full.problems], []);
});

test('a damaged or missing embed link shows an error, not a broken page', async (t) => {
  const app = await startApp(t);
  for (const path of ['/embed.html#s=AAAAAAAAAAAAAAAA', '/embed.html', '/embed.html?src=javascript:alert(1)', '/embed.html?src=no-such-file.json']) {
    const page = await app.open(path, { width: 700, height: 500 });
    await page.locator('.error-box').waitFor({ timeout: 30_000 });
    assert.notEqual((await page.locator('.error-box').innerText()).trim(), '');
    // The missing file is a failed request by design; nothing else may go wrong.
    assert.deepEqual(page.problems.filter((p) => !p.includes('no-such-file') && !p.includes('404')), [], path);
  }
});

// A dynamic group with a -match rule: the embed's binary has no regex, so it fetches the
// licenselab-match module for this scenario, and only for a scenario that may use -match.
const MATCH_SCENARIO = JSON.stringify({
  licenselab: 1,
  name: 'Mail domains by -match',
  subscribedSkus: [{ skuId: 'E3', prepaidUnits: { enabled: 10 }, servicePlans: [{ servicePlanId: 'EXO' }] }],
  users: [
    { id: 'ann', usageLocation: 'US', mail: 'ann@contoso.com' },
    { id: 'åsa', usageLocation: 'US', mail: 'Åsa.Öberg@CONTOSO.com' },
    { id: 'bo', usageLocation: 'US', mail: 'bo@fabrikam.com' },
  ],
  groups: [{
    id: 'contoso', displayName: 'Contoso mail', groupTypes: ['DynamicMembership'],
    membershipRule: 'user.mail -match "^\\w+(\\.\\w+)?@contoso\\.com$"', membershipRuleProcessingState: 'On',
    assignedLicenses: [{ skuId: 'E3' }],
  }],
  steps: [{ op: 'updateUser', user: 'bo', set: { mail: 'bo@contoso.com' } }],
});

test('a scenario with a -match rule fetches the regex module and evaluates it as the app does', async (t) => {
  const app = await startApp(t);
  const page = await app.browser.newPage({ viewport: { width: 900, height: 700 } });
  const problems = [], fetched = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.route('**/match.json', (route) => route.fulfill({ body: MATCH_SCENARIO, contentType: 'application/json' }));
  await page.goto(new URL('/embed.html?src=match.json&step=0', app.url).href);
  await page.locator('.embed-title').waitFor({ timeout: 30_000 });
  assert.ok(fetched.includes('/licenselab-match_bg.wasm'), fetched.join(' '));
  const row = (name) => page.locator('.users-table tbody tr', { has: page.locator('th', { hasText: name }) }).innerText();
  // Case-insensitive, and \w is Unicode: Åsa's address matches; Bo's (fabrikam) does not yet.
  assert.match(await row('ann'), /E3/);
  assert.match(await row('åsa'), /E3/);
  assert.doesNotMatch(await row('bo'), /E3/);
  await page.getByRole('slider').fill('1');
  await page.getByText(/Step 1 of 1/).waitFor();
  assert.match(await row('bo'), /E3/);
  assert.deepEqual(problems, []);

  // A scenario without -match does not fetch the module.
  const plain = await app.browser.newPage();
  const plainFetched = [];
  plain.on('request', (r) => plainFetched.push(new URL(r.url()).pathname));
  await plain.goto(new URL('/embed.html?src=examples/switch-two-groups.json', app.url).href);
  await plain.locator('.embed-title').waitFor({ timeout: 30_000 });
  assert.ok(!plainFetched.some((p) => p.includes('licenselab-match')), plainFetched.join(' '));
});

test('a big scenario is built in portions: the embed shows its progress instead of freezing', async (t) => {
  // 20,000 users and 500 groups (5.4 MB), served at big.json beside the embed page.
  const big = execFileSync('cargo', ['run', '--quiet', '-p', 'licenselab-cli', '--bin', 'licenselab', '--', 'generate', '--users', '20000', '--groups', '500', '--seed', '1'], { cwd: ROOT, maxBuffer: 64 << 20 });
  const app = await startApp(t);
  const page = await app.browser.newPage({ viewport: { width: 900, height: 700 } });
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.route('**/big.json', (route) => route.fulfill({ body: big, contentType: 'application/json' }));
  await page.goto(new URL('/embed.html?src=big.json', app.url).href);
  // The status between portions can only be seen if the page renders while the tenant is built.
  await page.getByRole('status').filter({ hasText: /Building the tenant: \d+% \(20000 users, 500 groups\)/ }).waitFor({ timeout: 60_000 });
  await page.locator('.embed-title').waitFor({ timeout: 120_000 });
  assert.match(await page.locator('.users-table .table-tools').innerText(), /20000 users/);
  assert.deepEqual(problems, []);
});

test('transfer size of the embed page (wasm + JS), compressed', async () => {
  const files = ['licenselab-embed_bg.wasm', 'licenselab-embed.js', 'embed.html', 'styles.css'];
  let raw = 0, gzip = 0, brotli = 0;
  const rows = [];
  for (const f of files) {
    const bytes = await readFile(join(DIST, f));
    const g = gzipSync(bytes, { level: 9 }).length;
    const b = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    raw += bytes.length; gzip += g; brotli += b;
    rows.push(`${f}: ${bytes.length} raw, ${g} gzip, ${b} brotli`);
  }
  console.log(`embed page transfer size\n  ${rows.join('\n  ')}\n  total: ${raw} raw, ${gzip} gzip, ${brotli} brotli`);
  // Brotli is what documentation hosts mostly serve. The page was 393,494 bytes after the catalog
  // became one byte string and big scenarios load in portions, and 395,125 once results were
  // written as the tenant is walked and `expect` lists kept (2026-12-07). It grew to 404,979
  // with this stop's merges: the embed's rows open their reason (issue 15; 3.4 KB of it), the
  // errors each step made and cleared, and serde_json's `raw_value` for results written faster
  // (issue 14). It fell to 317,255 when -match's regex left the binary for a module fetched only
  // by scenarios that may use it (licenselab-match: 118 KB more for those); the budget keeps a
  // margin of about 5 KB above that, so growth stays a decision. It fell to 311,916 when the
  // engine's sorts shared one compiled sort and parse errors' paths were found from their
  // position instead of tracked by serde_path_to_error, and grew to 318,369 when the views began to
  // render answers (issue 14: the embed's tables compute the full app's answers, the products'
  // entitlement report and the users' pending work among them); the budget keeps 2 KB above that.
  // The aim of issue 14 is 250,000, not met yet (README, performance table: where the bytes go).
  assert.ok(brotli < 320_500, `the embed page is ${brotli} bytes with brotli`);
});

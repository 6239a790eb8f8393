// "Import tenant" as an administrator uses it: a folder of Graph responses picked in the browser,
// the report read before the scenario opens, the pending work of an observed state shown in the
// Users and Groups views, and a broken file named with what to do (screenshots to look at).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, plainText, screenshot, startApp } from './harness.mjs';

const PHONE = { width: 390, height: 844 };

async function ready(page) {
  await page.locator('.scenario-name').waitFor({ state: 'visible', timeout: 30_000 });
}

async function openPanel(page) {
  await page.locator('#import-tenant').click();
  await page.locator('#import-panel').waitFor();
  assert.match(await page.locator('#import-panel .privacy').innerText(), /Nothing leaves the browser/);
}

/** The report's counts, as { label: number }. */
async function counts(page) {
  const cells = await page.locator('.import-counts > div').allInnerTexts();
  return Object.fromEntries(cells.map((c) => c.split('\n')).map(([label, n]) => [label.trim(), Number(n)]));
}

test('a folder of Graph responses imports through the picker; the report comes before the scenario opens', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/');
  await ready(page);
  await openPanel(page);
  await page.locator('#import-folder-input').setInputFiles(join(ROOT, 'tests', 'import', 'graph'));
  await page.locator('.import-report').waitFor({ timeout: 30_000 });
  assert.deepEqual(await counts(page), {
    Files: 11, Organizations: 1, Products: 3, Users: 5, Groups: 3, Memberships: 4,
    'Skipped members': 4, 'Pending work': 0,
  });
  const skipped = await page.locator('#import-skipped').innerText();
  for (const kind of ['1 device', '1 service principal', '1 contact', '1 not in any export']) {
    assert.match(skipped, new RegExp(kind), skipped);
  }
  assert.match(skipped, /in group Sales licensing/);
  assert.match(await page.locator('#import-ignored summary').innerText(), /Ignored files \(1\)/);
  assert.match(await page.locator('.import-pending').innerText(), /Nothing pending/);
  // Nothing opened yet: the example is still the scenario.
  assert.equal(await page.locator('.scenario-name').innerText(), 'Seat exhaustion and reprocess');
  await screenshot(page, 'import-1-report');

  await page.locator('#import-open').click();
  await page.locator('.scenario-name', { hasText: 'Imported tenant' }).waitFor();
  assert.equal(await page.locator('#import-panel').count(), 0);
  assert.match(await page.locator('.notice-info').first().innerText(), /Imported the tenant.*5 users, 3 groups, 3 products; nothing pending/s);
  await page.getByRole('tab', { name: 'Users', exact: true }).click();
  await page.locator('.users-table tbody tr', { hasText: 'Bob' }).waitFor();
  assert.equal(await page.locator('.badge.pending').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('pending work is badged in the Users view and explained in the user and group details', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/');
  await ready(page);
  await openPanel(page);
  // Files this time (not a folder): their names are enough for a Graph export.
  const folder = join(ROOT, 'tests', 'import', 'graph-pending');
  await page.locator('#import-files-input').setInputFiles(readdirSync(folder).map((f) => join(folder, f)));
  await page.locator('.import-report').waitFor({ timeout: 30_000 });
  assert.equal((await counts(page))['Pending work'], 1);
  assert.match(await page.locator('.import-pending').innerText(), /1 item pending/);
  await page.locator('#import-open').click();
  await page.locator('.scenario-name', { hasText: 'Imported tenant' }).waitFor();

  await page.getByRole('tab', { name: 'Users', exact: true }).click();
  assert.match(await page.locator('.pending-note').innerText(), /1 item of pending work/);
  const quinn = page.locator('.users-table tbody tr', { hasText: 'Quinn Pending' });
  assert.match(await quinn.locator('.c-status').innerText(), /Unlicensed.*Pending/s);
  assert.match(await quinn.locator('.badge.pending').getAttribute('title'), /a member of E3 licensing, which assigns Office 365 E3, with no license from it yet/);
  const pat = page.locator('.users-table tbody tr', { hasText: 'Pat Licensed' });
  assert.equal(await pat.locator('.badge.pending').count(), 0);
  await quinn.getByRole('button', { name: 'Quinn Pending' }).click();
  const work = page.locator('.user-detail .pending-work');
  assert.match(await plainText(work), /Pending work \(1\)[\s\S]*Office 365 E3: a member of E3 licensing, which assigns Office 365 E3, with no license from it yet; processing the user \(or a reprocess\) assigns it/);
  await screenshot(page, 'import-2-pending-user');

  await page.getByRole('tab', { name: 'Groups', exact: true }).click();
  await page.getByRole('button', { name: 'E3 licensing' }).first().click();
  const members = page.locator('.group-detail .pending-work');
  assert.match(await plainText(members), /Members with pending work \(1\)[\s\S]*Quinn Pending[\s\S]*with no license from it yet/);
  await screenshot(page, 'import-3-pending-group');

  // A reprocess does the work: the badge goes.
  await page.getByRole('tab', { name: 'Users', exact: true }).click();
  await page.locator('.users-table tbody tr', { hasText: 'Quinn Pending' }).getByRole('button', { name: 'Quinn Pending' }).click();
  await page.locator('.user-detail').getByRole('button', { name: 'Reprocess', exact: true }).click();
  await page.locator('.user-detail .pending-work').waitFor({ state: 'detached' });
  assert.equal(await page.locator('.badge.pending').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('the import panel and the pending badge stay readable on a phone', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/', PHONE);
  await ready(page);
  await openPanel(page);
  await page.locator('#import-folder-input').setInputFiles(join(ROOT, 'tests', 'import', 'graph-pending'));
  await page.locator('.import-report').waitFor({ timeout: 30_000 });
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  assert.ok(fits, 'the report is wider than the phone');
  await screenshot(page, 'import-4-phone-report');
  await page.locator('#import-open').click();
  await page.getByRole('tab', { name: 'Users', exact: true }).click();
  await page.locator('.badge.pending').first().waitFor();
  await screenshot(page, 'import-5-phone-users');
  assert.deepEqual(page.problems, []);
});

test('a broken file is named, with what to do; nothing opens', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/');
  await ready(page);
  await openPanel(page);
  await page.locator('#import-files-input').setInputFiles([{
    name: 'users.json', mimeType: 'application/json',
    buffer: Buffer.from('{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": ['),
  }]);
  const error = page.locator('.import-error');
  await error.waitFor({ timeout: 30_000 });
  const text = await error.innerText();
  assert.match(text, /^users\.json could not be imported/);
  assert.match(text, /line 1, column/);
  assert.match(text, /Nothing was opened; your work is as it was/);
  assert.equal(await page.locator('.scenario-name').innerText(), 'Seat exhaustion and reprocess');
  await screenshot(page, 'import-6-error');
  await page.locator('#import-panel').getByRole('button', { name: 'Close' }).click();
  await page.locator('#import-panel').waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
});

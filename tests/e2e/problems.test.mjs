// Issue 15, problems 2, 4 and 7: the timeline shows the errors a step makes and clears; a
// tenant-wide problems view says which errors a reprocess would clear now (the engine reprocesses
// a copy to tell) with a Reprocess beside them; examples open where their problem shows, and the
// organization's settings (default usage location, plans prohibited per country) can be seen and
// changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainText, screenshot, startApp } from './harness.mjs';
import { setSeats } from './layout.mjs';

const PHONE = { width: 390, height: 844 };

async function ready(page) {
  await page.locator('.scenario-name, .error-box').first().waitFor({ state: 'visible', timeout: 30_000 });
}

async function tab(page, name) {
  await page.getByRole('tab', { name, exact: true }).click();
}

/** The problems table's rows as "user | error | reprocess verdict". */
async function errorRows(page) {
  const rows = page.locator('.problems-table tbody tr');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator('th, td');
    out.push([await plainText(cells.nth(0)), (await cells.nth(2).locator('code').innerText()), await plainText(cells.nth(3).locator('.badge, .muted'))].join(' | '));
  }
  return out;
}

test('the timeline shows the errors a step made and cleared, not only plans', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=conflicting-plans.json');
  await ready(page);
  await tab(page, 'Timeline');
  // Step 1 adds Lou to HR Department: no plan changes, but two rows go into error.
  const step1 = page.locator('ol.steps > li').nth(1);
  assert.match(await step1.locator('.step-meta').innerText(), /\+2 errors/);
  await step1.getByRole('button').click();
  const made = page.locator('.step-detail .errors-made');
  await made.waitFor();
  const text = await plainText(made);
  assert.match(text, /Errors this step made \(2\)/);
  assert.match(text, /lou.*Office 365 E3.*HR Department.*MutuallyExclusiveViolation/s);
  assert.match(text, /Other/);
  assert.equal(await page.locator('.step-detail .errors-cleared').count(), 0);
  // Step 2, the documented fix (Lou leaves Kiosk users), clears them.
  const step2 = page.locator('ol.steps > li').nth(2);
  assert.match(await step2.locator('.step-meta').innerText(), /−2 errors/);
  await step2.getByRole('button').click();
  assert.match(await plainText(page.locator('.step-detail .errors-cleared')), /Errors this step cleared \(2\).*MutuallyExclusiveViolation/s);
  assert.deepEqual(page.problems, []);
});

test('the problems view says which errors a reprocess clears now, and reprocesses them', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Problems');
  // Ten seats, twelve members: two CountViolations that a reprocess cannot clear yet.
  assert.deepEqual(await errorRows(page), [
    'Kavya Rao | CountViolation | A reprocess would not clear this yet',
    'Luca Bianchi | CountViolation | A reprocess would not clear this yet',
  ]);
  assert.equal(await page.locator('#reprocess-all').count(), 0);
  assert.match(await page.locator('.by-reason').innerText(), /Not enough licenses CountViolation\s+2\s+0/);

  // One seat bought: each alone would get it, so both are marked; together only one succeeds.
  await setSeats(page, 11);
  await tab(page, 'Problems');
  assert.deepEqual(await errorRows(page), [
    'Kavya Rao | CountViolation | ✓ A reprocess clears this now',
    'Luca Bianchi | CountViolation | ✓ A reprocess clears this now',
  ]);
  await screenshot(page, 'problems-laptop');
  assert.equal(await page.locator('#reprocess-all').innerText(), 'Reprocess all that would now succeed (1 user)');
  await page.locator('#reprocess-all').click();
  await page.getByText('Step 2 of 2').waitFor();
  assert.deepEqual(await errorRows(page), ['Luca Bianchi | CountViolation | A reprocess would not clear this yet']);
  await tab(page, 'Timeline');
  assert.match(await plainText(page.locator('.step-detail h3')), /Reprocess Kavya Rao/);
  assert.match(await plainText(page.locator('.step-detail .errors-cleared')), /Kavya Rao.*CountViolation/s);

  // Another seat, and the Reprocess beside the error clears the last one.
  await setSeats(page, 12);
  await tab(page, 'Problems');
  await page.locator('.problems-table').getByRole('button', { name: /^Reprocess .Luca Bianchi.$/ }).click();
  await page.locator('.problems-none').waitFor();
  assert.match(await page.locator('.step-label').innerText(), /Step 4 of 4/);
  assert.deepEqual(page.problems, []);
});

test('the problems view at a phone width fits the screen (screenshot)', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json', PHONE);
  await ready(page);
  await setSeats(page, 11);
  await tab(page, 'Problems');
  await page.locator('#reprocess-all').waitFor();
  await screenshot(page, 'problems-phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone's screen`);
  assert.deepEqual(page.problems, []);
});

test('examples open where their problem shows, and leave the gallery; the organization settings are editable', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/');
  await ready(page);
  await tab(page, 'Examples');
  await page.getByRole('button', { name: 'Open the example: Usage location inheritance and a prohibited plan' }).click();
  await page.locator('.scenario-name', { hasText: 'Usage location inheritance' }).waitFor();
  // It opens before the fix, on the problem, not on the gallery.
  assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'Problems');
  assert.match(await page.locator('.step-label').innerText(), /Step 0 of 2/);
  assert.deepEqual(await errorRows(page), ['ada | ProhibitedInUsageLocationViolation | A reprocess would not clear this yet']);

  // The organization's settings the example is about are shown, not only in its text.
  assert.equal(await page.getByLabel('Default usage location').inputValue(), 'CN');
  assert.equal(await page.getByLabel('Country (countryLetterCode)').inputValue(), 'GB');
  assert.equal(await page.getByLabel('Plan of restriction 1').inputValue(), 'TEAMS');
  assert.equal(await page.getByLabel('Countries of restriction 1').inputValue(), 'CN');
  // At the latest step, Ada's location is set: a reprocess would clear her error, and the
  // example's last step (the reprocess) did.
  await page.getByRole('button', { name: 'Go to latest' }).click();
  await page.locator('.problems-none').waitFor();
  // Back at step 1 (location set, not yet reprocessed): the error would now clear.
  await tab(page, 'Timeline');
  await page.locator('ol.steps > li').nth(1).getByRole('button').click();
  await tab(page, 'Problems');
  assert.deepEqual(await errorRows(page), ['ada | ProhibitedInUsageLocationViolation | ✓ A reprocess clears this now']);

  // Editing the settings runs the scenario again, with no step added: allowing Teams in CN
  // leaves Ada without an error from the start.
  await page.getByRole('button', { name: 'Remove restriction 1' }).click();
  await page.getByRole('button', { name: 'Apply organization settings' }).click();
  await page.locator('.problems-none').waitFor();
  assert.match(await page.locator('.step-label').innerText(), /Step 1 of 2/);
  // A bad code is refused with the field it is in, and changes nothing.
  await page.getByLabel('Default usage location').fill('C1');
  await page.getByRole('button', { name: 'Apply organization settings' }).click();
  assert.match(await page.locator('.notice-error').innerText(), /organization settings could not be applied.*defaultUsageLocation/s);

  // An example whose error comes with a step opens at that step.
  await tab(page, 'Examples');
  await page.getByRole('button', { name: 'Open the example: Conflicting plans' }).click();
  await page.locator('.scenario-name', { hasText: 'Conflicting plans' }).waitFor();
  assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'Problems');
  assert.match(await page.locator('.step-label').innerText(), /Step 1 of 2/);
  assert.match((await errorRows(page)).join('\n'), /lou \| MutuallyExclusiveViolation/);
  assert.deepEqual(page.problems, []);
});

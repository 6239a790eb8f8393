// Issue 15, problem 3: every change is a draft with its impact before it applies. A control shows,
// where the admin clicked, who gains, loses (services by name), gets an error and the seats it
// needs, with Apply and Cancel; a loss of service applies only once confirmed; assigning a
// product picks its plans first (Microsoft 365 E5 without Exchange in one step).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainText, screenshot, startApp } from './harness.mjs';
import { PHONE, ready, tab } from './layout.mjs';

async function stepLabel(page) {
  return plainText(page.locator('.step-label'));
}

async function openSalesGroup(page) {
  await tab(page, 'Groups');
  await page.getByRole('button', { name: 'Licensing_Office365_E3_Sales' }).click();
}

test('a switch turned off is a draft: who loses which service, confirmed before it applies', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await openSalesGroup(page);
  const license = page.locator('.group-detail .license-box', { hasText: 'Office 365 E3' });
  const sharepoint = license.getByRole('switch').nth(1);
  await sharepoint.uncheck();
  const draft = license.locator('.draft');
  await draft.waitFor();
  // Nothing has changed yet: the draft says what would.
  assert.match(await stepLabel(page), /Step 0 of 0/);
  assert.match(await plainText(draft.locator('.loses strong')), /^Loses service \(10 users\)$/);
  const loses = await plainText(draft.locator('.loses li').first());
  assert.match(loses, /^Alannah Shaw: − SharePoint/);
  assert.equal(await draft.locator('.draft-seats').count(), 0, 'plans turned off keep their seats');
  // Apply names the loss and waits for the confirmation.
  // (Names in sentences are isolated, U+2068 ... U+2069.)
  const apply = draft.getByRole('button', { name: /^Remove: \u2068Alannah Shaw\u2069, / });
  assert.equal(await apply.isDisabled(), true);
  assert.equal(await plainText(apply), 'Remove: Alannah Shaw, Bram de Vries, Chen Wei and 7 more users lose SharePoint Online and OneDrive');
  // The loss confirmation has the focus (the keyboard path), and Enter does not skip it.
  assert.equal(await page.evaluate(() => document.activeElement?.type), 'checkbox');
  await page.keyboard.press('Enter');
  assert.match(await stepLabel(page), /Step 0 of 0/);
  await screenshot(page, 'draft-1-switch-off');
  await draft.getByRole('checkbox').check();
  await apply.click();
  await draft.waitFor({ state: 'detached' });
  assert.match(await stepLabel(page), /Step 1 of 1/);
  assert.equal(await sharepoint.isChecked(), false);

  // Escape cancels a draft and changes nothing; the switch shows the license as it is again.
  const teams = license.getByRole('switch').nth(2);
  await teams.uncheck();
  await draft.waitFor();
  assert.equal(await teams.isChecked(), false, 'the switch shows the draft');
  await page.keyboard.press('Escape');
  await draft.waitFor({ state: 'detached' });
  assert.equal(await teams.isChecked(), true);
  assert.match(await stepLabel(page), /Step 1 of 1/);
  assert.deepEqual(page.problems, []);
});

test('Remove license and Delete user say what is lost and need a confirmation', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await openSalesGroup(page);
  const license = page.locator('.group-detail .license-box', { hasText: 'Office 365 E3' });
  await license.getByRole('button', { name: /^Remove Office 365 E3 from/ }).click();
  const draft = license.locator('.draft');
  await draft.waitFor();
  assert.match(await plainText(draft.locator('.draft-title')), /Draft: .*Office 365 E3/);
  assert.match(await plainText(draft.locator('.loses strong')), /\(10 users\)/);
  // Seats: the ten held come back.
  assert.match(await plainText(draft.locator('.draft-seats')), /Office 365 E3: 10 seats freed \(0 in use after, 10 assignable\)/);
  // Cancel leaves it as it was.
  await draft.getByRole('button', { name: 'Cancel' }).click();
  await draft.waitFor({ state: 'detached' });
  assert.match(await stepLabel(page), /Step 0 of 0/);
  await license.getByRole('button', { name: /^Remove Office 365 E3 from/ }).click();
  await draft.getByRole('checkbox').check();
  await draft.getByRole('button', { name: /^Remove: / }).click();
  await page.locator('.group-detail .license-box').waitFor({ state: 'detached' });
  assert.match(await stepLabel(page), /Step 1 of 1/);

  await page.goto(new URL('/?example=seat-exhaustion.json', app.url).href);
  await ready(page);
  await tab(page, 'Users');
  await page.getByRole('button', { name: 'Alannah Shaw' }).click();
  await page.getByRole('button', { name: 'Delete user' }).click();
  const del = page.locator('.user-detail .draft');
  await del.waitFor();
  assert.match(await plainText(del.locator('.draft-title')), /Delete user Alannah Shaw/);
  assert.match(await plainText(del.locator('.loses li')), /^Alannah Shaw: − Exchange Online/);
  await screenshot(page, 'draft-2-delete-user');
  await del.getByRole('checkbox').check();
  await del.getByRole('button', { name: /^Remove: \u2068Alannah Shaw\u2069 loses Exchange Online/ }).click();
  await page.getByRole('button', { name: 'Alannah Shaw' }).waitFor({ state: 'detached' });
  assert.match(await stepLabel(page), /Step 1 of 1: Delete user Alannah Shaw/);
  assert.deepEqual(page.problems, []);
});

test('assigning a product picks its plans first: Microsoft 365 E5 without Exchange in one step', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Products');
  await page.getByLabel('Product', { exact: true }).fill('Microsoft 365 E5');
  await page.getByRole('button', { name: 'Buy' }).click();
  await page.locator('.product-card h3', { hasText: 'Microsoft 365 E5' }).first().waitFor();
  await openSalesGroup(page);
  const before = await stepLabel(page);
  await page.getByLabel('Assign a product').selectOption({ label: 'Microsoft 365 E5' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  const draft = page.locator('.group-detail .draft');
  const picker = draft.locator('.plan-picker');
  await picker.waitFor();
  const legend = await plainText(picker.locator('legend'));
  const [, on, all] = legend.match(/(\d+) of (\d+) on/);
  assert.equal(on, all, 'every plan is on at first');
  assert.ok(Number(all) > 60, `E5 has its real plans: ${legend}`);
  // Sorted by name, and found by a search.
  const names = await picker.locator('label[for]').allInnerTexts();
  const key = (name) => name.toLowerCase();
  assert.deepEqual(names, [...names].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
  await picker.getByLabel('Find a plan').fill('exchange online (plan 2)');
  assert.equal(await picker.getByRole('switch').count(), 1);
  await picker.getByRole('switch', { name: 'Exchange Online (Plan 2)' }).uncheck();
  await picker.locator('legend', { hasText: `${all - 1} of ${all} on` }).waitFor();
  assert.match(await plainText(draft.locator('.gains strong')), /Gains \(12 licenses\)|Gains \(\d+ licenses?\)/);
  await screenshot(page, 'draft-3-plan-picker');
  // No loss: one click applies.
  await draft.getByRole('button', { name: 'Apply', exact: true }).click();
  await draft.waitFor({ state: 'detached' });
  const e5 = page.locator('.group-detail .license-box', { hasText: 'Microsoft 365 E5' });
  assert.match(await plainText(e5.locator('.license-head')), new RegExp(`${all - 1} of ${all} plans enabled`));
  await e5.locator('summary', { hasText: 'Service plans' }).click();
  assert.equal(await e5.getByRole('switch', { name: 'Exchange Online (Plan 2)' }).isChecked(), false);
  const stepsBefore = Number(before.match(/of (\d+)/)[1]);
  assert.match(await stepLabel(page), new RegExp(`Step ${stepsBefore + 1} of ${stepsBefore + 1}`));
  assert.deepEqual(page.problems, []);
});

test('seats set below those in use warn in the draft; Enter applies, at phone width too', async (t) => {
  const app = await startApp(t);
  for (const viewport of [undefined, PHONE]) {
    const page = await app.open('/?example=seat-exhaustion.json', viewport);
    await ready(page);
    await tab(page, 'Products');
    await page.getByLabel('Enabled seats').fill('6');
    await page.getByRole('button', { name: 'Set seats' }).click();
    const draft = page.locator('.product-card .draft');
    await draft.waitFor();
    const warning = draft.locator('.draft-seats.warning-box');
    assert.match(await plainText(warning), /Office 365 E3: 6 assignable after this \(was 10\), 10 in use\. Warning: 4 seats in use beyond the seats you have/);
    await screenshot(page, `draft-4-seats-${viewport ? 'phone' : 'laptop'}`);
    // No one loses service: the focus is on Apply, and Enter applies.
    assert.equal(await page.evaluate(() => document.activeElement?.innerText), 'Apply');
    await page.keyboard.press('Enter');
    await draft.waitFor({ state: 'detached' });
    assert.match(await stepLabel(page), /Step 1 of 1/);
    assert.match(await page.locator('.seat-bar').first().getAttribute('aria-label'), /10 of 6 assignable seats used/);
    assert.deepEqual(page.problems, []);
  }
});

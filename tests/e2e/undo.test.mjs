// Undo and redo of several levels: three edits, three undos, two redos, checking the views at each
// point (the toolbar's buttons and the keyboard's Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDraft, plainText, startApp } from './harness.mjs';

async function tab(page, name) {
  await page.getByRole('tab', { name, exact: true }).click();
}

/** What the views show now: the step bar, the product's seats, the group's members in error. */
async function views(page) {
  await tab(page, 'Products');
  const seats = await page.locator('.seat-bar').first().getAttribute('aria-label');
  await tab(page, 'Groups');
  await page.getByRole('button', { name: 'Licensing_Office365_E3_Sales', exact: true }).click();
  const heading = page.getByText(/Members with license errors \(\d+\)/).first();
  const errors = await heading.count() ? (await heading.innerText()).match(/\((\d+)\)/)[1] : '0';
  await tab(page, 'Timeline');
  const steps = await page.locator('ol.steps > li').count();
  return { step: (await plainText(page.locator('.step-label strong'))), seats, errors: Number(errors), steps };
}

/** Waits until the step bar says `label` ("Step 2 of 2"). */
async function at(page, label) {
  await page.locator('.step-label strong', { hasText: new RegExp(`^${label}$`) }).waitFor();
}

const undoButton = (page) => page.getByRole('button', { name: '↶ Undo' });
const redoButton = (page) => page.getByRole('button', { name: '↷ Redo' });

test('three edits, three undos, two redos: the views follow each level', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await page.locator('.scenario-name').waitFor({ timeout: 30_000 });
  const start = await views(page);
  assert.deepEqual(start, { step: 'Step 0 of 0', seats: '10 of 10 assignable seats used', errors: 2, steps: 1 });
  assert.equal(await redoButton(page).isDisabled(), true, 'nothing to redo yet');

  // Three edits: buy seats, reprocess the group (its errors clear), buy more.
  await tab(page, 'Products');
  await page.getByLabel('Enabled seats').fill('15');
  await page.getByRole('button', { name: 'Set seats' }).click();
  await applyDraft(page);
  await at(page, 'Step 1 of 1');
  const first = await views(page);
  await tab(page, 'Groups');
  await page.getByRole('button', { name: 'Reprocess Licensing_Office365_E3_Sales' }).click();
  await at(page, 'Step 2 of 2');
  const second = await views(page);
  await tab(page, 'Products');
  await page.getByLabel('Enabled seats').fill('20');
  await page.getByRole('button', { name: 'Set seats' }).click();
  await applyDraft(page);
  await at(page, 'Step 3 of 3');
  const third = await views(page);
  assert.deepEqual(first, { step: 'Step 1 of 1', seats: '10 of 15 assignable seats used', errors: 2, steps: 2 });
  assert.deepEqual(second, { step: 'Step 2 of 2', seats: '12 of 15 assignable seats used', errors: 0, steps: 3 });
  assert.deepEqual(third, { step: 'Step 3 of 3', seats: '12 of 20 assignable seats used', errors: 0, steps: 4 });

  // Three undos (the button, Ctrl+Z, the button): each shows the views as they were before.
  await undoButton(page).click();
  await at(page, 'Step 2 of 2');
  assert.deepEqual(await views(page), second);
  assert.equal(await redoButton(page).isDisabled(), false);
  await page.locator('body').press('Control+z');
  await at(page, 'Step 1 of 1');
  assert.deepEqual(await views(page), first);
  await undoButton(page).click();
  await at(page, 'Step 0 of 0');
  assert.deepEqual(await views(page), start);
  assert.equal(await undoButton(page).isDisabled(), true, 'nothing left to undo');

  // Two redos (Ctrl+Shift+Z, then Ctrl+Y): the first two edits come back, in their order.
  await page.locator('body').press('Control+Shift+Z');
  await at(page, 'Step 1 of 1');
  assert.deepEqual(await views(page), first);
  await page.locator('body').press('Control+y');
  await at(page, 'Step 2 of 2');
  assert.deepEqual(await views(page), second);
  assert.equal(await redoButton(page).isDisabled(), false, 'the third edit can still come back');

  // A new edit empties the redo list.
  await tab(page, 'Products');
  await page.getByLabel('Enabled seats').fill('30');
  await page.getByRole('button', { name: 'Set seats' }).click();
  await applyDraft(page);
  await at(page, 'Step 3 of 3');
  assert.equal(await redoButton(page).isDisabled(), true);
  await page.locator('.seat-bar[aria-label="12 of 30 assignable seats used"]').waitFor();
  assert.deepEqual(page.problems, []);
});

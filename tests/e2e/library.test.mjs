// Scenarios that are the user's (issue 15, problem 1): opening examples never replaces work, the
// library keeps every scenario worked on with its steps, New makes a blank tenant, a rename names
// the export, and building a tenant from scratch takes fewer clicks and text entries than the
// 25 and 14 it took before.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { plainText, screenshot, seatsEdited, startApp } from './harness.mjs';

async function ready(page) {
  await page.locator('.scenario-name, .error-box').first().waitFor({ state: 'visible', timeout: 30_000 });
}

async function tab(page, name) {
  await page.getByRole('tab', { name, exact: true }).click();
}

async function openExample(page, title) {
  await tab(page, 'Examples');
  await page.getByRole('button', { name: `Open the example: ${title}` }).click();
  await page.locator('.scenario-name', { hasText: title }).waitFor();
}

/** The library's rows as "name | size". */
async function libraryRows(page) {
  const rows = page.locator('.library-table tbody tr');
  await rows.first().waitFor();
  const out = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('th .name, td').allInnerTexts();
    out.push(`${cells[0]} | ${cells[1]}`);
  }
  return out;
}

test('two examples opened in a row: the user\'s edits are kept in the library and restored at their step', async (t) => {
  const app = await startApp(t);
  const page = await seatsEdited(app);
  await page.waitForTimeout(600); // the autosave's pause

  await openExample(page, 'Nested groups');
  assert.match(await plainText(page.locator('.notice-info').last()), /Your work “Seat exhaustion and reprocess” is kept in the Library/);
  await openExample(page, 'Conflicting plans');
  // The second example replaced the first, unedited: what is offered back is still the edits.
  assert.match(await plainText(page.locator('.notice-info').last()), /Your work “Seat exhaustion and reprocess” is kept in the Library/);
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  assert.deepEqual(await libraryRows(page), ['Seat exhaustion and reprocess | 12 users, 1 group, 1 step']);
  await screenshot(page, 'library-after-two-examples');

  await page.getByRole('button', { name: 'Restore previous work' }).click();
  await page.locator('.scenario-name', { hasText: 'Seat exhaustion and reprocess' }).waitFor();
  await page.getByText('Step 1 of 1').waitFor();
  await tab(page, 'Products');
  assert.match(await page.locator('.seat-bar').first().getAttribute('aria-label'), /of 12 assignable seats/);
  // A reload restores the same work, still filed in the library (one entry, not two).
  await page.waitForTimeout(600);
  await page.reload();
  await ready(page);
  await page.getByText('Step 1 of 1').waitFor();
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  assert.deepEqual(await libraryRows(page), ['Seat exhaustion and reprocess | 12 users, 1 group, 1 step']);
  assert.equal(await page.locator('.library-table .badge', { hasText: 'open' }).count(), 1);
  // On a phone the header and the library fit the width: the table scrolls in its own box.
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'library-phone');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'nothing wider than the window');
  assert.deepEqual(page.problems, []);
});

test('New makes a blank tenant; a rename names the export; the library opens, renames, duplicates and deletes', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=nested-groups.json');
  await ready(page);
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Contoso pilot');
  await page.getByRole('button', { name: 'Create blank tenant' }).click();
  await page.locator('.scenario-name', { hasText: 'Contoso pilot' }).waitFor();
  assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'Products');
  assert.equal(await page.locator('.product-card').count(), 0);
  // The example it replaced was as published: nothing to keep, nothing offered back.
  assert.equal(await page.getByRole('button', { name: 'Restore previous work' }).count(), 0);
  await screenshot(page, 'new-blank-tenant');
  const [blank] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  assert.equal(blank.suggestedFilename(), 'contoso-pilot.json');
  assert.deepEqual(JSON.parse(await readFile(await blank.path(), 'utf8')),
    { licenselab: 1, name: 'Contoso pilot', organization: { countryLetterCode: 'US', defaultUsageLocation: null }, subscribedSkus: [], users: [], groups: [], steps: [] });

  await page.getByRole('button', { name: 'Rename this scenario' }).click();
  await page.getByLabel('Scenario name').fill('Contoso migration');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.locator('.scenario-name', { hasText: 'Contoso migration' }).waitFor();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  assert.equal(json.suggestedFilename(), 'contoso-migration.json');
  assert.equal(JSON.parse(await readFile(await json.path(), 'utf8')).name, 'Contoso migration');
  await page.waitForTimeout(600);

  // A second blank tenant keeps the first in the library.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Second');
  await page.getByRole('button', { name: 'Create blank tenant' }).click();
  await page.locator('.scenario-name', { hasText: 'Second' }).waitFor();
  assert.match(await plainText(page.locator('.notice-info').last()), /Your work “Contoso migration” is kept in the Library/);
  await page.waitForTimeout(600);
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  assert.deepEqual(await libraryRows(page), ['Second | 0 users, 0 groups, 0 steps', 'Contoso migration | 0 users, 0 groups, 0 steps']);
  assert.ok(await page.getByRole('button', { name: 'Delete Second' }).isDisabled(), 'the open scenario cannot be deleted');

  await page.getByRole('button', { name: 'Duplicate Contoso migration' }).click();
  await page.getByRole('button', { name: 'Rename Copy of Contoso migration' }).click();
  await page.getByLabel('New name').fill('Contoso rollback');
  await page.getByRole('button', { name: 'Save name' }).click();
  assert.deepEqual((await libraryRows(page)).sort(), [
    'Contoso migration | 0 users, 0 groups, 0 steps', 'Contoso rollback | 0 users, 0 groups, 0 steps', 'Second | 0 users, 0 groups, 0 steps']);

  // Deleting asks first; keeping it changes nothing.
  await page.getByRole('button', { name: 'Delete Contoso migration' }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  assert.equal((await libraryRows(page)).length, 3);
  await page.getByRole('button', { name: 'Delete Contoso migration' }).click();
  await screenshot(page, 'library-confirm-delete');
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await page.getByRole('button', { name: 'Delete Contoso migration' }).waitFor({ state: 'detached' });
  assert.equal((await libraryRows(page)).length, 2);

  // Opening the renamed copy: its name is in the document, so its export is named after it.
  await page.getByRole('button', { name: 'Open Contoso rollback' }).click();
  await page.locator('.scenario-name', { hasText: 'Contoso rollback' }).waitFor();
  const [copy] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  assert.equal(copy.suggestedFilename(), 'contoso-rollback.json');
  assert.deepEqual(page.problems, []);
});

test('building a tenant from scratch: a product pair, two users, two groups, a disabled plan and a conflict in fewer than 25 clicks and 14 text entries', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  // Every click (a choice in a list counts as one) and every text typed, with the app's own controls.
  const count = { clicks: 0, texts: 0 };
  const click = async (locator) => { count.clicks += 1; await locator.click(); };
  const choose = async (locator, label) => { count.clicks += 1; await locator.selectOption({ label }); };
  const type = async (locator, text) => { count.texts += 1; await locator.fill(text); };

  await click(page.getByRole('button', { name: 'New', exact: true }));
  await type(page.getByLabel('Name', { exact: true }), 'Contoso');
  await click(page.getByRole('button', { name: 'Create blank tenant' }));
  await page.locator('.scenario-name', { hasText: 'Contoso' }).waitFor();

  // Two catalog products whose plans conflict (SharePoint Plan 1 in E1, Plan 2 in E3).
  for (const product of ['Office 365 E1', 'Office 365 E3']) {
    await type(page.getByLabel('Product', { exact: true }), product);
    await click(page.getByRole('button', { name: 'Buy' }));
    await page.locator('.product-card h3', { hasText: product }).waitFor();
  }

  // A tenant without users or groups shows the form to make the first at once.
  await click(page.getByRole('tab', { name: 'Users', exact: true }));
  for (const name of ['Ana', 'Ben']) {
    await type(page.getByLabel('Display name'), name);
    await click(page.getByRole('button', { name: 'Create user' }));
    await page.getByRole('button', { name, exact: true }).waitFor();
  }

  await click(page.getByRole('tab', { name: 'Groups', exact: true }));
  for (const name of ['Kiosk', 'HR']) {
    await type(page.getByLabel('Name', { exact: true }), name);
    await click(page.getByRole('button', { name: 'Create security group' }));
    await page.getByRole('button', { name, exact: true }).waitFor();
  }

  // Every change is a draft (issue 15, problem 3): choosing a product opens its plans to pick, and
  // Apply makes the step. Kiosk assigns E1 with Sway turned off, then gets Ana and Ben.
  const apply = async () => {
    const draft = page.locator('.draft');
    await click(draft.getByRole('button', { name: 'Apply', exact: true }));
    await draft.waitFor({ state: 'detached' });
  };
  await click(page.getByRole('button', { name: 'Kiosk', exact: true }));
  await choose(page.getByLabel('Assign a product'), 'Office 365 E1');
  const picker = page.locator('.group-detail .draft .plan-picker');
  await click(picker.getByRole('switch', { name: 'Sway', exact: true }));
  assert.equal(await picker.getByRole('switch', { name: 'Sway', exact: true }).isChecked(), false);
  await apply();
  const head = await page.locator('.group-detail .license-head', { hasText: 'plans enabled' }).innerText();
  const [, enabled, all] = head.match(/(\d+) of (\d+) plans enabled/);
  assert.equal(Number(enabled), Number(all) - 1, head);
  for (const name of ['Ana', 'Ben']) {
    await type(page.getByLabel('Add a member'), name);
    await click(page.getByRole('button', { name: 'Add', exact: true }));
    await apply();
    await page.locator('.member-list', { hasText: name }).waitFor();
  }

  // HR assigns E3 to Ana: SharePoint Plan 2 conflicts with her Plan 1 from Kiosk.
  await click(page.getByRole('button', { name: 'HR', exact: true }));
  await choose(page.getByLabel('Assign a product'), 'Office 365 E3');
  await apply();
  await type(page.getByLabel('Add a member'), 'Ana');
  await click(page.getByRole('button', { name: 'Add', exact: true }));
  await apply();
  await page.locator('.group-detail').getByText('MutuallyExclusiveViolation').first().waitFor();
  await screenshot(page, 'built-from-scratch');

  t.diagnostic(`from scratch: ${count.clicks} clicks, ${count.texts} text entries (before: 25 and 14)`);
  assert.ok(count.clicks < 25, `${count.clicks} clicks`);
  assert.ok(count.texts < 14, `${count.texts} text entries`);
  assert.deepEqual(page.problems, []);
});

// Issue 15, problem 9: an Audit log an administrator can use. A row opens its details (mouse or
// Enter/Space) with every modified property in full and disabled plans by name; the text filter
// matches what is shown, status words and names too; Status, Category and Activity filters in
// Entra's words. And what is left of problem 4: the Groups view has Reprocess beside the group's
// error summary in the first screen, and the Users and Groups views mark an error a reprocess
// would clear now, so its recorded reason ("10 of 10 assigned") is visibly out of date.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDraft, plainText, screenshot, startApp } from './harness.mjs';
import { LAPTOP, PHONE, layoutProblems, ready, setSeats, tab } from './layout.mjs';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The audit rows shown, as their cells' texts. */
async function auditRows(page) {
  return page.locator('.audit-grid tbody tr.audit-row').evaluateAll((rows) =>
    rows.map((r) => [...r.cells].map((c) => c.innerText.replace(/[\u2066-\u2069]/g, '').trim())));
}

async function entryCount(page) {
  return Number((await page.locator('.audit-view .table-tools > .muted').innerText()).match(/\d+/)[0]);
}

test('the audit log filters by the words it shows, by status, category and activity', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await ready(page);
  await tab(page, 'Audit log');
  const all = await entryCount(page);
  assert.ok(all > 10, `${all} entries`);

  // "Failure" is a word of the Status column: the filter finds the two members left without a seat.
  await page.getByLabel('Filter').fill('Failure');
  const failures = await auditRows(page);
  assert.equal(failures.length, 2);
  for (const cells of failures) assert.equal(cells[4], '✕ Failure');
  assert.deepEqual(failures.map((c) => c[3]).sort(), ['User: Kavya Rao', 'User: Luca Bianchi']);
  // A name, as shown in the Target column.
  await page.getByLabel('Filter').fill('kavya');
  assert.ok((await auditRows(page)).every((c) => c[3] === 'User: Kavya Rao'));
  assert.ok((await auditRows(page)).length >= 1);
  await page.getByLabel('Filter').fill('');

  // The Status select: the same two failures; then Success: all the others.
  await page.getByLabel('Status').selectOption('Failure');
  assert.equal(await entryCount(page), 2);
  await page.getByLabel('Status').selectOption('Success');
  assert.equal(await entryCount(page), all - 2);
  assert.ok((await auditRows(page)).every((c) => c[4] === '✓ Success'));
  await page.getByLabel('Status').selectOption('');
  // Category, in Entra's words.
  assert.deepEqual(await page.getByLabel('Category').locator('option').allInnerTexts(), ['All', 'GroupManagement', 'UserManagement']);
  await page.getByLabel('Category').selectOption('GroupManagement');
  const groupRows = await auditRows(page);
  assert.ok(groupRows.length >= 3 && groupRows.every((c) => c[1] === 'GroupManagement' && c[3].startsWith('Group: ')));
  // Activity, with the category still chosen.
  await page.getByLabel('Activity').selectOption('Finish applying group based license to users');
  const finished = await auditRows(page);
  assert.ok(finished.length >= 1 && finished.every((c) => c[2] === 'Finish applying group based license to users'));
  await page.getByLabel('Category').selectOption('UserManagement');
  assert.equal(await entryCount(page), 0);
  assert.deepEqual(page.problems, []);
});

test('an audit row opens its details: every modified property in full, disabled plans by name, by keyboard too', async (t) => {
  const app = await startApp(t);
  const page = await app.open('/?example=cumulative-base-teams.json');
  await ready(page);
  await tab(page, 'Audit log');
  await page.getByLabel('Activity').selectOption('Set group license');
  const rows = page.locator('.audit-grid tbody tr.audit-row');
  assert.ok((await rows.count()) >= 1);
  // The cut-off cell shows plans by name too, never a GUID.
  for (const cells of await auditRows(page)) assert.doesNotMatch(cells[5], GUID);

  // Keyboard: Tab to a row, Enter opens it, Space closes it.
  const withDisabled = rows.filter({ hasText: 'disabled:' }).first();
  await withDisabled.focus();
  await page.keyboard.press('Enter');
  const details = page.locator('#audit-details');
  await details.waitFor();
  assert.equal(await withDisabled.getAttribute('aria-expanded'), 'true');
  const text = await plainText(details);
  assert.match(text, /Category\s+GroupManagement/);
  assert.match(text, /Activity\s+Set group license/);
  assert.match(text, /Status\s+✓ Success/);
  assert.match(text, /Initiated by \(actor\)\s+Administrator/);
  assert.match(text, /Target\s+Group: /);
  assert.match(text, /Modified properties/);
  const properties = await details.locator('.audit-properties li').allInnerTexts();
  // This example names its plans by servicePlanName (EXO2, SWAY): each is shown as the portal
  // names it, the catalog's "Sway" for SWAY, as the Groups view's switches do.
  assert.ok(properties.some((p) => /\(disabled: EXO2, .*\bSway\b/.test(p)), properties.join('\n'));
  assert.ok(properties.every((p) => !/\bSWAY\b/.test(p)), properties.join('\n'));
  // The details' object id is the group's; no plan is a GUID.
  assert.doesNotMatch(properties.join('\n'), GUID);
  // Nothing in the details is cut off: each property's text is whole on screen.
  const cut = await details.locator('li, dd').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
  assert.equal(cut, 0);
  await screenshot(page, 'audit-details-laptop');
  await page.keyboard.press(' ');
  await details.waitFor({ state: 'detached' });

  // A plan the tenant knows by GUID (Graph's servicePlanId) is named too: switch Teams off in
  // the seat-exhaustion example's group, and the new entry says which plan by its name.
  const guids = await app.open('/?example=seat-exhaustion.json');
  await ready(guids);
  await tab(guids, 'Groups');
  await guids.locator('.groups-table tbody th button').first().click();
  const teams = guids.locator('.switches li').nth(2);
  const teamsName = (await teams.locator('label').innerText()).trim();
  await teams.locator('input[role=switch]').uncheck();
  await applyDraft(guids);
  await guids.locator('.step-label', { hasText: 'Step 1 of 1' }).waitFor();
  await tab(guids, 'Audit log');
  await guids.getByLabel('Activity').selectOption('Set group license');
  await guids.locator('.audit-grid tbody tr.audit-row').first().click();
  const newest = await guids.locator('#audit-details .audit-properties li').allInnerTexts();
  assert.equal(newest.length, 1);
  assert.ok(newest[0].endsWith(` (disabled: ${teamsName})`), `${newest[0]} should end with (disabled: ${teamsName})`);
  assert.doesNotMatch(newest[0], GUID);
  assert.deepEqual(guids.problems, []);

  // A click opens a row too, at a phone's width as well, and the page still fits the window.
  await page.setViewportSize(PHONE);
  await rows.first().click();
  await details.waitFor();
  await screenshot(page, 'audit-details-phone');
  assert.deepEqual(await layoutProblems(page), []);
  assert.deepEqual(page.problems, []);
});

test('Groups: Reprocess beside the error summary in the first screen; Users and Groups mark errors a reprocess clears now', async (t) => {
  const app = await startApp(t);
  for (const viewport of [LAPTOP, PHONE]) {
    const page = await app.open('/?example=seat-exhaustion.json', viewport);
    await ready(page);
    await tab(page, 'Groups');
    await page.locator('.groups-table tbody th button').first().click();
    const summary = page.locator('.group-summary');
    assert.match(await plainText(summary), /✕ 2 members with license errors/);
    // Ten seats for twelve: the errors are current, nothing is marked.
    assert.equal(await page.locator('.group-detail .clears-now').count(), 0);
    if (viewport === LAPTOP) {
      await page.evaluate(() => window.scrollTo(0, 0));
      const box = await summary.getByRole('button', { name: /^Reprocess/ }).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= LAPTOP.height, `Reprocess at y=${box?.y}, out of the first screen`);
    }

    // A seat bought: the recorded reason still says "10 of 10", and the mark says it is stale.
    await setSeats(page, 11);
    await tab(page, 'Groups');
    await page.locator('.groups-table tbody th button').first().click();
    const marked = page.locator('.group-detail .error-list li', { has: page.locator('.clears-now') });
    assert.equal(await marked.count(), 2);
    assert.match(await plainText(marked.first()), /✓ A reprocess clears this now.*10 of 10 assigned/s);
    assert.match(await plainText(summary), /A reprocess clears 2 of them now/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, `groups-errors-${viewport.width}`);
    assert.deepEqual(await layoutProblems(page), []);

    await tab(page, 'Users');
    await page.locator('.users-table tbody th button', { hasText: 'Kavya Rao' }).click();
    assert.match(await plainText(page.locator('.user-detail, .detail').filter({ hasText: 'CountViolation' }).first()), /CountViolation[\s\S]*✓ A reprocess clears this now/);

    // The group's Reprocess clears one (one seat): no mark is left where no seat is.
    await tab(page, 'Groups');
    await page.locator('.groups-table tbody th button').first().click();
    await summary.getByRole('button', { name: /^Reprocess/ }).click();
    await page.locator('.step-label', { hasText: 'Step 2 of 2' }).waitFor();
    assert.match(await plainText(summary), /✕ 1 member with license errors/);
    assert.equal(await page.locator('.group-detail .clears-now').count(), 0);
    assert.deepEqual(page.problems, []);
  }
});

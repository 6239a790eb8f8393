// "Plan a change": the A1 to A3 move planned from a target file and from a copy edited in the app;
// the safe order has no gap, the obvious order's losses name the student and Exchange, the
// requests download, and the plan opens on the Timeline (screenshots at laptop and phone sizes).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, applyDraft, plainText, screenshot, startApp } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const TARGET = join(ROOT, 'tests', 'e2e', 'fixtures', 'a1-to-a3-target.json');

async function openExample(app, viewport) {
  const page = await app.open('/?example=a1-to-a3-move.json', viewport);
  await page.locator('.scenario-name').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.scenario-name').innerText(), 'Move students from A1 to A3');
  await page.getByRole('tab', { name: 'Plan a change' }).click();
  return page;
}

/** Downloads from clicking `button`: the file's name and text. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

test('a target file: the A1 to A3 move without a gap, the obvious order loses the mailboxes', async (t) => {
  const app = await startApp(t);
  const page = await openExample(app);
  // Every busy message the page shows, however briefly (a big tenant's plan takes a while).
  await page.evaluate(() => {
    window.busySeen = [];
    new MutationObserver(() => {
      const busy = document.querySelector('.busy');
      if (busy) window.busySeen.push(busy.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.locator('#plan-target-input').setInputFiles(TARGET);
  await page.locator('.plan-result').waitFor({ timeout: 60_000 });
  const busy = await page.evaluate(() => window.busySeen);
  assert.ok(busy.some((m) => /^Planning: running orders of the changes on the engine \(3 users\)/.test(m)), JSON.stringify(busy));
  assert.equal(await page.locator('.busy').count(), 0);

  // The safe order: no gap, every step applied, no loss marked.
  assert.match(await page.locator('.plan-verdict').innerText(), /^No user is without a service/);
  assert.ok(await page.locator('.plan-verdict.ok').isVisible());
  const safe = page.locator('.plan-order.safe');
  assert.equal(await safe.locator('.plan-loss').count(), 0);
  assert.equal(await safe.locator('.plan-steps > li').count(), 6);
  assert.equal(await safe.locator('.badge.bad').count(), 0);
  // It passes through the documented conflict error, named, and cleared by the next step.
  assert.match(await plainText(safe.locator('.plan-steps > li').first()),
    /Add Amira Haddad to Students A3[\s\S]*Amira Haddad: Microsoft 365 A3 for Students from Students A3 in MutuallyExclusiveViolation until step 2 \(no service lost\)/);
  const numbers = await plainText(page.locator('.plan-numbers'));
  assert.match(numbers, /Users with a gap\s+0/);
  assert.match(numbers, /Obvious order: users with a gap\s+3/);

  // The obvious order: each student's loss named, with the Exchange service.
  const losses = page.locator('.plan-order.naive .plan-loss');
  assert.ok((await losses.count()) >= 3);
  const lossText = await plainText(page.locator('.plan-order.naive'));
  for (const student of ['Amira Haddad', 'Ben Carter', 'Chloé Dubois']) {
    assert.match(lossText, new RegExp(`${student} loses [^\\n]*Exchange Online mailbox`));
  }
  assert.match(await plainText(page.locator('.plan-order-sum')), /3 users without a service on the way/);
  await screenshot(page, 'plan-1-laptop');

  // The downloads: the plan scenario, the Graph requests and the script.
  const plan = await download(page, '#plan-download');
  assert.match(plan.name, /-plan\.json$/);
  assert.equal(JSON.parse(plan.text).steps.length, 6);
  const graph = await download(page, '#plan-download-graph');
  assert.match(graph.name, /-plan\.graph\.json$/);
  assert.match(graph.text, /9a0b1c2d-00a3-4e5f-8a9b-0000000000a3\/members\/\$ref/);
  const script = await download(page, '#plan-download-powershell');
  assert.match(script.text, /Invoke-MgGraphRequest/);

  // The plan opens as the scenario, its steps on the Timeline; the plan stays in its view.
  await page.locator('#plan-open').click();
  await page.getByRole('tab', { name: 'Timeline', selected: true }).waitFor();
  assert.equal(await page.locator('ol.steps > li').count(), 7);
  await page.getByRole('tab', { name: 'Plan a change' }).click();
  await page.locator('.plan-result').waitFor();
  assert.deepEqual(page.problems, []);
});

test('an edited copy is the target; a target of another tenant is refused in words', async (t) => {
  const app = await startApp(t);
  const page = await openExample(app, PHONE);
  await page.locator('#plan-start').click();
  await page.locator('.plan-session').waitFor();
  await screenshot(page, 'plan-2-phone-session');

  // Amira moves: into the A3 group, out of the A1 group.
  await page.getByRole('tab', { name: 'Groups' }).click();
  await page.getByRole('button', { name: 'Students A3' }).click();
  await page.getByLabel('Add a member').fill('Amira Haddad (6f1d2c3a-0001-4a6b-9c1e-000000000001)');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await applyDraft(page);
  await page.getByRole('button', { name: 'Students A1' }).click();
  await page.locator('.member-list li').filter({ hasText: 'Amira Haddad' }).getByRole('button', { name: 'Remove' }).click();
  await applyDraft(page);
  assert.match(await page.locator('.step-label').innerText(), /Step 2 of 2/);

  await page.getByRole('tab', { name: 'Plan a change' }).click();
  assert.match(await plainText(page.locator('.plan-session')), /2 edits so far/);
  await page.locator('#plan-run').click();
  await page.locator('.plan-result').waitFor({ timeout: 60_000 });
  assert.ok(await page.locator('.plan-verdict.ok').isVisible());
  assert.equal(await page.locator('.plan-order.safe .plan-steps > li').count(), 2);
  assert.match(await plainText(page.locator('.plan-order.naive .plan-loss').first()), /Amira Haddad loses .*Exchange/);
  await screenshot(page, 'plan-3-phone-plan');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the plan is ${overflow}px wider than a phone`);

  // Another tenant's scenario as the target: no plan, and the reason in plain words.
  await page.locator('#plan-target-input').setInputFiles(join(ROOT, 'web', 'examples', 'seat-exhaustion.json'));
  await page.locator('.plan-error').waitFor();
  const error = await plainText(page.locator('.plan-error'));
  assert.match(error, /No plan/);
  assert.match(error, /differs in ways the planner does not change/);
  assert.match(error, /another tenant/);
  // An unreadable target says where.
  await page.locator('#plan-target-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "licenselab": 1,\n  "users": [\n') });
  await page.locator('.plan-error').filter({ hasText: 'broken.json could not be read as a target' }).waitFor();
  assert.match(await plainText(page.locator('.plan-error')), /line \d+/);
  await screenshot(page, 'plan-4-phone-error');
  assert.deepEqual(page.problems, []);
});

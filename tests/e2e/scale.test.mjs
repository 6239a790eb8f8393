// A 2,000-user, 200-group tenant (licenselab generate) in the app: edits, removals and undo apply,
// and the time from the click to the next animation frame is measured and printed (the README
// reports it against the 100 ms aim). The time is not asserted: a loaded CI machine would make such
// a test fail for nothing; benchmarks, not tests, hold speed targets.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, screenshot, startApp } from './harness.mjs';

function generate() {
  const out = execFileSync('cargo', ['run', '--quiet', '-p', 'licenselab-cli', '--bin', 'licenselab', '--', 'generate', '--users', '2000', '--groups', '200', '--skus', '10', '--seed', '1'], { cwd: ROOT, maxBuffer: 64 << 20 });
  const dir = mkdtempSync(join(tmpdir(), 'licenselab-'));
  const file = join(dir, 'tenant-2000.json');
  writeFileSync(file, out);
  return file;
}

/** Clicks `selector` in the page and resolves to the ms until the frame after `done()` holds. */
function timeEdit(page, selector, done) {
  return page.evaluate(([selector, done]) => new Promise((resolve, reject) => {
    const check = new Function(`return (${done})()`);
    const t0 = performance.now();
    document.querySelector(selector).click();
    const frame = () => requestAnimationFrame(() => {
      if (check()) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 5000) reject(new Error('the view did not update within 5 s'));
      else frame();
    });
    frame();
  }), [selector, done.toString()]);
}

test('2,000 users and 200 groups: edits, removals and undo update the view (time printed)', async (t) => {
  const file = generate();
  const app = await startApp(t);
  const page = await app.open('/?example=seat-exhaustion.json');
  await page.locator('.scenario-name').waitFor({ timeout: 30_000 });
  const t0 = Date.now();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByText('Imported tenant-2000.json').waitFor({ timeout: 30_000 });
  const loadMs = Date.now() - t0;
  await page.getByRole('tab', { name: 'Users' }).click();
  assert.match(await page.locator('.users-table .table-tools').innerText(), /2000 users/);
  const rendered = await page.locator('.users-table tbody tr:not(.spacer)').count();
  assert.ok(rendered < 80, `the users table renders ${rendered} rows, not 2,000`);
  // Scrolling moves the window of rendered rows; a filter after scrolling still shows its rows.
  await page.locator('.vtable').hover();
  await page.mouse.wheel(0, 34 * 1500);
  await page.locator('.users-table tbody', { hasText: 'User 15' }).waitFor();
  await page.getByLabel('Search users').fill('User 1999');
  assert.equal(await page.locator('.users-table tbody tr:not(.spacer)').count(), 1);
  await page.getByLabel('Search users').fill('');

  await page.getByRole('tab', { name: 'Products' }).click();
  // Every edit is a draft first: the click shows its impact (the engine's preview), Apply adds
  // the step. Both are timed.
  const drafted = () => !!document.querySelector('.draft');
  const times = [];
  const drafts = [];
  for (let i = 0; i < 7; i++) {
    const seats = 5000 + i;
    await page.locator('.product-card input[type=number]').first().fill(String(seats));
    drafts.push(await timeEdit(page, '.product-card button[type=submit]', drafted));
    times.push(await timeEdit(page, '.draft .actions button',
      `() => document.querySelector('.step-label')?.textContent.includes('Step ${i + 1} of')`));
  }
  // A membership change through the Groups view: one user leaves a licensed group.
  await page.getByRole('tab', { name: 'Groups' }).click();
  await page.locator('.groups-table tbody th button').first().click();
  const remove = [];
  const removeDrafts = [];
  for (let i = 0; i < 3; i++) {
    removeDrafts.push(await timeEdit(page, '.member-list button.small', drafted));
    // A member who loses service: the draft says who loses what and Apply waits for the confirmation.
    if (await page.locator('.draft-confirm input').count()) await page.locator('.draft-confirm input').check();
    remove.push(await timeEdit(page, '.draft .actions button', `() => document.querySelector('.step-label')?.textContent.includes('Step ${8 + i} of')`));
  }
  // Undoing the last edit is instant: the state before it is kept.
  const undo = await page.evaluate(() => new Promise((resolve) => {
    const button = [...document.querySelectorAll('.toolbar button')].find((b) => b.textContent.includes('Undo'));
    const t0 = performance.now();
    button.click();
    const frame = () => requestAnimationFrame(() => document.querySelector('.step-label').textContent.includes('Step 9 of 9') ? resolve(performance.now() - t0) : frame());
    frame();
  }));
  await screenshot(page, 'scale-2000-users');
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const removeMedian = [...remove].sort((a, b) => a - b)[1];
  const draftMedian = [...drafts].sort((a, b) => a - b)[3];
  const removeDraftMedian = [...removeDrafts].sort((a, b) => a - b)[1];
  console.log(`2,000 users, 200 groups: import ${loadMs} ms; seat edit, click to its draft: ${drafts.map((x) => x.toFixed(1)).join(', ')} ms (median ${draftMedian.toFixed(1)}), Apply to next frame: ${times.map((x) => x.toFixed(1)).join(', ')} ms (median ${median.toFixed(1)}); remove member, draft: median ${removeDraftMedian.toFixed(1)} ms, Apply: ${remove.map((x) => x.toFixed(1)).join(', ')} ms (median ${removeMedian.toFixed(1)}); undo: ${undo.toFixed(1)} ms`);
  assert.deepEqual(page.problems, []);
});

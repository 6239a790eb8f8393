// Layout that holds on a phone (390 px) and a laptop (1366 px), in every view of every example:
// no table column narrower than its longest word (a word broken in two, or a column squeezed to
// nothing, is what issue 15 found), and nothing wider than the window. A table may scroll inside
// its own box; what sticks out of the page may not. Screenshots of every view at both widths are
// kept in tests/e2e/screenshots/layout-*.png for a person to look at.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, SCREENSHOTS, screenshot, startApp } from './harness.mjs';
import { LAPTOP, PHONE, layoutProblems, ready, tab } from './layout.mjs';

const VIEWS = ['Products', 'Groups', 'Users', 'Timeline', 'Audit log', 'Problems', 'Plan a change', 'Examples'];

/**
 * Opens the view and, in Groups and Users, a row's details (the detail panes hold tables too); in
 * the Timeline, the last step's. Returns what a person could not click.
 */
async function openView(page, name) {
  await tab(page, name);
  const opener = {
    Groups: '.groups-table tbody th button',
    Users: '.users-table tbody th button',
    Timeline: 'ol.steps .step-btn',
  }[name];
  if (!opener) return [];
  // In Users, a user with an error if there is one: their paths table holds the longest words.
  const failing = page.locator('.users-table tbody tr', { has: page.locator('.badge.bad, .badge.warn') }).locator('th button');
  const button = name === 'Timeline' ? page.locator(opener).last()
    : name === 'Users' && (await failing.count()) ? failing.first() : page.locator(opener).first();
  if (!(await button.count())) return [];
  try {
    await button.click({ timeout: 5_000 });
    return [];
  } catch {
    return [`the first row's name cannot be clicked (${opener})`];
  }
}

test('every view of every example holds at 390 px and 1366 px: no column narrower than its longest word, nothing wider than the window', async (t) => {
  const app = await startApp(t);
  const index = JSON.parse(await readFile(join(ROOT, 'web/examples/index.json'), 'utf8'));
  const found = [];
  for (const [size, viewport] of [['phone', PHONE], ['laptop', LAPTOP]]) {
    for (const example of index) {
      const page = await app.open(`/?example=${example.file}`, viewport);
      await ready(page);
      for (const name of VIEWS) {
        const unclickable = await openView(page, name);
        const stem = example.file.replace('.json', '');
        await screenshot(page, `layout-${size}-${stem}-${name.toLowerCase().replaceAll(' ', '-')}`);
        for (const problem of [...unclickable, ...(await layoutProblems(page))]) found.push(`${size} ${stem} ${name}: ${problem}`);
      }
      assert.deepEqual(page.problems, [], `${size} ${example.file}`);
      await page.close();
    }
  }
  // The assertion's diff shows only the first few: the whole list is kept beside the screenshots.
  await writeFile(join(SCREENSHOTS, 'layout-problems.txt'), found.join('\n') + '\n');
  assert.deepEqual(found, [], `${found.length} layout problems (all in tests/e2e/screenshots/layout-problems.txt)`);
});

// The engine's Web Worker through the page's bridge (crates/app/src/remote.rs), in Chromium: a
// scenario opens in the worker from a Blob with progress, its answers equal the native session's
// (crates/app/examples/session.rs, the same requests), an edit and an undo change them, a broken
// file's error says where, a worker that cannot start is reported, and loading a 20,000-user tenant
// leaves no main-thread task over 50 ms (PerformanceObserver 'longtask').
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, startApp } from './harness.mjs';

const PAGE = readFileSync(join(ROOT, 'tests/bench/worker.html'), 'utf8');
const SEATS = readFileSync(join(ROOT, 'web/examples/seat-exhaustion.json'), 'utf8');

/** The bridge's page, served as worker.html beside the built app. */
async function bridgePage(app, query = '') {
  const page = await app.browser.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  await page.route((url) => url.pathname.endsWith('/worker.html'), (route) => route.fulfill({ body: PAGE, contentType: 'text/html' }));
  await page.goto(new URL(`worker.html${query}`, app.url).href);
  await page.waitForFunction(() => window.driver, null, { timeout: 30_000 });
  return page;
}

/** The native session's responses to `requests` (one JSON line each). */
function native(requests) {
  const out = execFileSync('cargo', ['run', '--quiet', '-p', 'licenselab-app', '--example', 'session'], {
    cwd: ROOT, input: requests.map((r) => JSON.stringify(r)).join('\n'), maxBuffer: 256 << 20,
  });
  return out.toString().trim().split('\n').map((line) => JSON.parse(line));
}

const withoutTime = ({ at, ...event }) => event;
const open = (text) => ({ type: 'open', source: { type: 'text', value: text } });
const removeU1 = { type: 'edit', actions: [{ op: 'removeMember', group: 'g1', member: 'u1' }] };
const seats15 = { type: 'edit', actions: [{ op: 'setPrepaidUnits', sku: '6fd2c87f-b296-42f0-b197-1e91e994b900', prepaidUnits: { enabled: 15 } }] };
const broken = SEATS.replace('"users": [', '"users": [,');

test('a scenario opens in the worker, and its answers, edits, undo and errors are the native session\'s', async (t) => {
  const app = await startApp(t);
  const page = await bridgePage(app);
  const browser = await page.evaluate(async ({ seats, broken, removeU1, seats15 }) => {
    const blob = (text) => new Blob([text], { type: 'application/json' });
    const opened = await driver.open(blob(seats));
    const steps = [];
    for (const request of [removeU1, seats15, { type: 'undo' }, { type: 'undo' }, { type: 'undo' }, { type: 'redo' }]) {
      steps.push(await driver.roundTrip(request, 'Summary'));
    }
    const failed = await driver.open(blob(broken));
    const after = await driver.ask('Summary');
    return { opened, steps, failed, after, events: driver.events };
  }, { seats: SEATS, broken, removeU1, seats15 });

  const expected = native([
    open(SEATS), { type: 'query', id: 1, query: 'Summary' },
    ...[removeU1, seats15, { type: 'undo' }, { type: 'undo' }, { type: 'undo' }, { type: 'redo' }].flatMap((r, i) => [r, { type: 'query', id: i + 2, query: 'Summary' }]),
    open(broken), { type: 'query', id: 9, query: 'Summary' },
  ]);
  const answers = expected.filter((r) => r.type === 'answer').map((r) => r.answer);
  const others = expected.filter((r) => r.type !== 'answer');

  // Everything but the answers came as events, in the native order, with the same words.
  assert.deepEqual(browser.events.map(withoutTime), others);
  assert.ok(others.some((e) => e.type === 'progress'), 'progress arrives');
  // The answers are the native session's, and change as the edits and undo do.
  assert.deepEqual([browser.opened.summary, ...browser.steps.map((s) => s.answer), browser.after], answers);
  assert.deepEqual(answers.map((a) => a.Summary.steps), [0, 1, 2, 1, 0, 0, 1, 1]);
  assert.deepEqual(browser.steps.map((s) => s.event.type), ['changed', 'changed', 'changed', 'changed', 'refused', 'changed']);
  assert.equal(browser.steps[4].event.title, 'Nothing to undo');
  // The broken file's error says where; the scenario open before stays.
  const { problem } = browser.failed.event;
  assert.equal(browser.failed.event.type, 'failed');
  assert.ok(problem.line > 1 && problem.column > 0, JSON.stringify(problem));
  assert.deepEqual(problem, others.find((e) => e.type === 'failed').problem);
  assert.deepEqual(page.problems, []);
});

test('a worker that cannot start is reported, not a blank page', async (t) => {
  const app = await startApp(t);
  const page = await bridgePage(app, '?worker=./no-such-worker.js');
  const stopped = await page.evaluate(() => driver.stopped());
  assert.equal(stopped.type, 'stopped');
  assert.match(stopped.message, /^The simulator's engine stopped: .+ reload the page/);
});

test('20,000 users load in the worker without a main-thread task over 50 ms', async (t) => {
  const tenant = execFileSync('cargo', ['run', '--quiet', '-p', 'licenselab-cli', '--bin', 'licenselab', '--', 'generate', '--users', '20000', '--groups', '400', '--skus', '20', '--seed', '1'], { cwd: ROOT, maxBuffer: 256 << 20 }).toString();
  const app = await startApp(t);
  const page = await bridgePage(app);
  await page.route('**/tenant-20000.json', (route) => route.fulfill({ body: tenant, contentType: 'application/json' }));
  const result = await page.evaluate(async () => {
    const blob = await (await fetch('./tenant-20000.json')).blob();
    const start = performance.now();
    const opened = await driver.open(blob);
    const end = start + opened.firstAnswerMs;
    const during = window.longTasks.filter((l) => l.start + l.duration >= start && l.start <= end);
    const progress = driver.events.filter((e) => e.type === 'progress' && e.at <= start + opened.openedMs);
    return { opened, during, progress: progress.length };
  });
  console.log(`20,000 users in the worker: opened in ${result.opened.openedMs.toFixed(0)} ms, first answer at ${result.opened.firstAnswerMs.toFixed(0)} ms, ${result.progress} progress messages, long tasks while loading: ${JSON.stringify(result.during)}`);
  assert.equal(result.opened.event.type, 'opened', JSON.stringify(result.opened.event));
  const expected = native([open(tenant), { type: 'query', id: 1, query: 'Summary' }]);
  assert.deepEqual(withoutTime(result.opened.event), expected.find((e) => e.type === 'opened'));
  assert.deepEqual(result.opened.summary, expected.at(-1).answer);
  assert.equal(result.opened.summary.Summary.users, 20000);
  assert.ok(result.progress >= 2, `${result.progress} progress messages`);
  assert.deepEqual(result.during.filter((l) => l.duration > 50), [], 'no main-thread task over 50 ms while loading');
  assert.deepEqual(page.problems, []);
});

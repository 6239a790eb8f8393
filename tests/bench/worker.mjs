// The engine's Web Worker at 100,000 users in headless Chromium, beside the native command, in one
// run: `node tests/bench/worker.mjs`, after `trunk build --release` and
// `cargo build --release -p licenselab-cli`. Not part of ./dev test (it takes minutes).
//
// Each run opens a fresh page (tests/bench/worker.html, served beside dist/ so the worker's URL is
// relative to it as in the app), posts the generated tenant to the worker as a Blob through the
// bridge (remote.rs), and records: main-thread long tasks while it loads (PerformanceObserver
// 'longtask'), progress messages, the time to the first answer (Query::Summary) against native
// `licenselab validate` of the same file, and two edits' round trips to their answer at the next
// frame (add a member, change a seat count). Prints medians of BENCH_RUNS (3) runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { serveStatic } from '../e2e/server.mjs';
import { launchChromium } from '../e2e/harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.LICENSELAB_DIST ?? join(root, 'dist');
// LICENSELAB_BIN: another build of the command (the same engine), when this tree's is not built.
const licenselab = process.env.LICENSELAB_BIN ?? join(root, 'target/release/licenselab');
const work = join(root, 'target/bench');
mkdirSync(work, { recursive: true });
const runs = Number(process.env.BENCH_RUNS ?? 3);

const file = join(work, 't100k-0.json');
execFileSync(licenselab, ['generate', '--users', '100000', '--groups', '2000', '--skus', '40', '--seed', '1', '--output', file]);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Edits on the tenant's own ids: a user joins a static group it is not in; a product gets a seat more.
const doc = JSON.parse(readFileSync(file, 'utf8'));
const group = doc.groups.find((g) => !g.membershipRule && g.assignedLicenses?.length);
const members = new Set(group.members);
const user = doc.users.find((u) => !members.has(u.id));
const sku = doc.subscribedSkus[0];
const addMember = { type: 'edit', actions: [{ op: 'addMember', group: group.id, member: user.id }] };
const moreSeats = { type: 'edit', actions: [{ op: 'setPrepaidUnits', sku: sku.skuId, prepaidUnits: { ...sku.prepaidUnits, enabled: sku.prepaidUnits.enabled + 1 } }] };

const rows = {};
const record = (what, value) => (rows[what] ??= []).push(value);

for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  execFileSync(licenselab, ['validate', file], { stdio: 'ignore' });
  record('native licenselab validate (ms)', performance.now() - t0);
}

const page_html = readFileSync(join(root, 'tests/bench/worker.html'), 'utf8');
const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    await page.route('**/worker.html', (route) => route.fulfill({ body: page_html, contentType: 'text/html' }));
    await page.route('**/tenant.json', (route) => route.fulfill({ path: file, contentType: 'application/json' }));
    await page.goto(`${server.url}worker.html`);
    await page.waitForFunction(() => window.driver, null, { timeout: 60_000 });
    const r = await page.evaluate(async ({ addMember, moreSeats }) => {
      const blob = await (await fetch('./tenant.json')).blob();
      const start = performance.now();
      const opened = await driver.open(blob);
      const end = start + opened.firstAnswerMs;
      const during = window.longTasks.filter((l) => l.start + l.duration >= start && l.start <= end);
      const progress = driver.events.filter((e) => e.type === 'progress' && e.at >= start && e.at <= end);
      const add = await driver.roundTrip(addMember, 'Summary');
      const seats = await driver.roundTrip(moreSeats, 'Summary');
      return { opened, during, progress: progress.length, add, seats };
    }, { addMember, moreSeats });
    if (r.opened.event.type !== 'opened') throw new Error(`the tenant did not open: ${JSON.stringify(r.opened.event)}`);
    for (const step of [r.add, r.seats]) {
      if (step.event.type !== 'changed') throw new Error(`an edit was not made: ${JSON.stringify(step.event)}`);
    }
    record('worker: opened (ms)', r.opened.openedMs);
    record('worker: first answer, next frame (ms)', r.opened.firstAnswerMs);
    record('main-thread long tasks while loading', r.during.length);
    record('longest main-thread task while loading (ms)', Math.max(0, ...r.during.map((l) => l.duration)));
    record('progress messages while loading', r.progress);
    record('edit, add a member: to answer at next frame (ms)', r.add.ms);
    record('edit, seat count: to answer at next frame (ms)', r.seats.ms);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const nativeMs = median(rows['native licenselab validate (ms)']);
const firstMs = median(rows['worker: first answer, next frame (ms)']);
for (const [what, values] of Object.entries(rows)) {
  console.log(`${what.padEnd(52)} median ${median(values).toFixed(0).padStart(7)}   runs ${values.map((v) => v.toFixed(0)).join(', ')}`);
}
console.log(`first answer / native validate: ${(firstMs / nativeMs).toFixed(2)}x (target: at most 2x)`);
writeFileSync(join(work, 'worker-results.json'), JSON.stringify(rows));

// The examples of docs/javascript-api.md, run as a reader would run them, so they cannot rot: the
// Node program must print exactly the output the page shows, and the browser page must show what
// `licenselab run` prints for the same scenario.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../e2e/harness.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { PKG, ROOT, native, requireBuilds, shortDiff } from './common.mjs';

const DOC = readFileSync(join(ROOT, 'docs', 'javascript-api.md'), 'utf8');

/** The fenced block right after `<!-- tested: NAME -->`. */
function block(name) {
  const marker = `<!-- tested: ${name} -->`;
  const start = DOC.indexOf(marker);
  assert.notEqual(start, -1, `docs/javascript-api.md has no ${marker}`);
  const fenced = DOC.slice(start + marker.length).match(/^\s*```[a-z]*\n([\s\S]*?)\n```/);
  assert.ok(fenced, `no fenced block right after ${marker}`);
  return fenced[1];
}

/** A folder where `import "licenselab"` resolves to the built package, removed after the test. */
function projectWithPackage(t) {
  requireBuilds();
  const dir = mkdtempSync(join(tmpdir(), 'licenselab-docs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(PKG, join(dir, 'node_modules', 'licenselab'), 'dir');
  return dir;
}

test('the Node example prints what the page says it prints', (t) => {
  const dir = projectWithPackage(t);
  writeFileSync(join(dir, 'example.mjs'), block('node example'));
  const out = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.equal(out.stderr, '', 'the example wrote to stderr');
  assert.equal(out.status, 0);
  const diff = shortDiff(`${block('node output')}\n`, out.stdout, ['page', 'printed']);
  if (diff) assert.fail(diff);
});

test('the browser example shows the result of licenselab run', async (t) => {
  const dir = projectWithPackage(t);
  symlinkSync(PKG, join(dir, 'pkg'), 'dir');
  writeFileSync(join(dir, 'index.html'), block('browser example'));
  const scenario = join('web', 'examples', 'seat-exhaustion.json');
  copyFileSync(join(ROOT, scenario), join(dir, 'seat-exhaustion.json'));

  const server = await serveStatic(dir);
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // Chromium asks for /favicon.ico on its own; everything else the page loads must be there.
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') &&
    problems.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('#result').textContent !== 'running…');
  const shown = await page.$eval('#result', (e) => e.textContent);
  assert.deepEqual(problems, []);
  const diff = shortDiff(native('run', scenario).stdout, shown, ['native', 'page']);
  if (diff) assert.fail(diff);
});

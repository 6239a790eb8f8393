// diff: the JavaScript package's `diff` gives the bytes `licenselab diff --format FORMAT` prints,
// for two imports of the test tenant a week apart (tests/diff/) and for the scenarios of
// tests/scenarios/ taken two by two; a scenario that does not load is the command's error. Run by
// ./dev test after the package and the command are built.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATIVE, ROOT, loadPackage, scenarioFiles, shortDiff } from './common.mjs';

const api = await loadPackage();

function licenselab(args) {
  const out = spawnSync(NATIVE, args, { cwd: ROOT, encoding: 'utf8' });
  if (out.error) throw out.error;
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'licenselab-diff-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** `licenselab import FOLDER -o dir/NAME`: the scenario's path. */
function imported(folder, name) {
  const out = join(dir, name);
  const run = licenselab(['import', folder, '-o', out]);
  assert.equal(run.status, 0, run.stderr);
  return out;
}

test('diff of two imports a week apart: the command\'s bytes in every format', () => {
  const old = imported('tests/import/graph', 'week1.json');
  const now = imported('tests/import/graph-week-later', 'week2.json');
  const [oldText, newText] = [readFileSync(old, 'utf8'), readFileSync(now, 'utf8')];
  for (const [format, golden] of [['json', 'graph-week-later.json'], ['text', 'graph-week-later.txt'], ['markdown', 'graph-week-later.md']]) {
    const native = licenselab(['diff', old, now, '--format', format]);
    assert.equal(native.status, 0, native.stderr);
    const fromPackage = format === 'json' ? api.diff(oldText, newText) : api.diff(oldText, newText, format);
    assert.equal(shortDiff(native.stdout, fromPackage), null, `${format}: ${shortDiff(native.stdout, fromPackage)}`);
    assert.equal(fromPackage, readFileSync(join(ROOT, 'tests', 'diff', golden), 'utf8'), format);
  }
  const parsed = JSON.parse(api.diff(oldText, newText));
  assert.equal(parsed.changed, true);
  assert.deepEqual(parsed.summary.users, { added: 0, removed: 0, changed: 2 });
  assert.equal(JSON.parse(api.diff(newText, newText)).changed, false);
});

test('diff of the scenarios two by two: the command\'s JSON', (t) => {
  const scenarios = scenarioFiles().filter((f) => f.startsWith(join('tests', 'scenarios')));
  assert.ok(scenarios.length > 1, 'no tests/scenarios');
  let compared = 0;
  for (let i = 0; i + 1 < scenarios.length; i++) {
    const [old, now] = [scenarios[i], scenarios[i + 1]];
    const native = licenselab(['diff', old, now, '--format', 'json']);
    assert.equal(native.status, 0, `${old} ${now}: ${native.stderr}`);
    const fromPackage = api.diff(readFileSync(join(ROOT, old), 'utf8'), readFileSync(join(ROOT, now), 'utf8'));
    const difference = shortDiff(native.stdout, fromPackage);
    assert.equal(difference, null, `${old} against ${now}: ${difference}`);
    compared++;
  }
  t.diagnostic(`compared ${compared} pairs of scenarios`);
});

test('a scenario that does not load: a LoadError naming which, with the command\'s message', () => {
  const broken = join(dir, 'broken.json');
  const goodPath = imported('tests/import/graph', 'good.json');
  writeFileSync(broken, '{\n  "licenselab": 1,\n  "users": [ { "id": 7 } ]\n}\n');
  for (const [order, document] of [[[broken, goodPath], 'old'], [[goodPath, broken], 'new']]) {
    const native = licenselab(['diff', ...order, '--exit-code']);
    assert.equal(native.status, 2);
    const prefix = `licenselab: ${broken}: `;
    assert.ok(native.stderr.startsWith(prefix), native.stderr);
    const texts = order.map((f) => readFileSync(f, 'utf8'));
    assert.throws(() => api.diff(...texts), (error) => {
      assert.equal(error.name, 'LoadError');
      assert.equal(error.document, document);
      assert.equal(error.message, native.stderr.slice(prefix.length).replace(/\n$/, ''));
      assert.equal(error.line, 3);
      assert.equal(error.path, 'users[0].id');
      return true;
    });
  }
  assert.throws(() => api.diff('{}', '{}', 'yaml'), { name: 'TypeError' });
});

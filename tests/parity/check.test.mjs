// Parity of `check`: for every scenario under tests/ and every example under web/examples/, the
// package's check() gives the bytes `licenselab check FILE --format json` prints (every policy
// denied), or the same load error; and the same for a tenant with a changes file. Run by
// ./dev test after the package and the command are built.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATIVE, PKG, ROOT, loadPackage, scenarioFiles, shortDiff } from './common.mjs';

const api = await loadPackage();
const DENY = ['service-gap', 'lost-service', 'lost-plans', 'new-errors', 'seat-shortfall'];

/** `licenselab check FILE [--steps CHANGES] --deny ... --format json`: { status, stdout, error }. */
function nativeCheck(file, changes) {
  const args = ['check', file, ...(changes ? ['--steps', changes] : []), '--format', 'json'];
  for (const policy of DENY) args.push('--deny', policy);
  const out = spawnSync(NATIVE, args, { cwd: ROOT, encoding: 'utf8' });
  if (out.error) throw out.error;
  const named = changes && out.stderr.startsWith(`licenselab: ${changes}: `) ? changes : file;
  return { status: out.status, stdout: out.stdout, error: out.stderr.slice(`licenselab: ${named}: `.length).replace(/\n$/, '') };
}

function packageCheck(text, steps) {
  try {
    return { ok: true, stdout: api.check(text, { steps, deny: DENY }) };
  } catch (error) {
    assert.equal(error.name, 'LoadError', `not a LoadError: ${error.stack}`);
    return { ok: false, error: error.message, file: error.file };
  }
}

test('check() and the native command agree on every scenario and example', () => {
  const differences = [];
  let reports = 0;
  for (const file of scenarioFiles()) {
    const expected = nativeCheck(file);
    const actual = packageCheck(readFileSync(join(ROOT, file), 'utf8'));
    if (expected.status === 2) {
      if (actual.ok) differences.push(`${file}: the native command failed (${expected.error}), the package ran it`);
      else if (actual.error !== expected.error) differences.push(`${file}: native "${expected.error}", package "${actual.error}"`);
      continue;
    }
    assert.ok([0, 1].includes(expected.status), `${file}: exit ${expected.status}: ${expected.error}`);
    if (!actual.ok) {
      differences.push(`${file}: the native command checked it, the package failed: ${actual.error}`);
      continue;
    }
    reports++;
    const diff = shortDiff(expected.stdout, actual.stdout);
    if (diff) differences.push(`${file}: ${diff}`);
    assert.equal(expected.status, JSON.parse(actual.stdout).passed ? 0 : 1, `${file}: exit code and "passed" disagree`);
  }
  assert.ok(reports >= 50, `only ${reports} scenarios checked`);
  assert.deepEqual(differences, []);
});

test('check() applies a changes file as --steps does, and names it in errors', () => {
  const tenant = 'tests/check/tenant.json';
  const text = readFileSync(join(ROOT, tenant), 'utf8');
  const changes = 'tests/check/changes-a1-to-a3.json';
  const expected = nativeCheck(tenant, changes);
  assert.equal(expected.status, 1);
  const actual = packageCheck(text, readFileSync(join(ROOT, changes), 'utf8'));
  assert.equal(shortDiff(expected.stdout, actual.stdout), null);

  const broken = 'tests/check/changes-unknown-member.json';
  const error = packageCheck(text, readFileSync(join(ROOT, broken), 'utf8'));
  assert.equal(error.file, 'steps');
  assert.equal(error.error, nativeCheck(tenant, broken).error);
  assert.match(error.error, /^line 11, column 17: steps\[1\]\.member: unknown member 'carol'/);
});

test('check() refuses unknown policies and options of the wrong shape', () => {
  const text = readFileSync(join(ROOT, 'tests/check/tenant.json'), 'utf8');
  assert.throws(() => api.check(text, { deny: ['gaps'] }), { name: 'RangeError', message: /unknown policy 'gaps'/ });
  assert.throws(() => api.check(text, { allow: ['bob'] }), { name: 'RangeError', message: /write user:ID or group:ID/ });
  assert.throws(() => api.check(text, { deny: 'service-gap' }), { name: 'TypeError' });
  assert.equal(JSON.parse(api.check(text)).passed, true);
});

test('the node:test example of docs/ci.md passes on a safe change and fails on the mailbox gap', (t) => {
  const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const marker = '<!-- tested: node test -->';
  const fenced = doc.slice(doc.indexOf(marker) + marker.length).match(/^\s*```js\n([\s\S]*?)\n```/);
  assert.ok(doc.includes(marker) && fenced, `docs/ci.md has no js block right after ${marker}`);
  const dir = mkdtempSync(join(tmpdir(), 'licenselab-ci-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(PKG, join(dir, 'node_modules', 'licenselab'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'licensing.test.js'), fenced[1]);
  const runWith = (changes) => {
    const env = { ...process.env, TENANT: join(ROOT, 'tests/check/tenant.json'), CHANGES: join(ROOT, 'tests/check', changes) };
    // Without this the child takes itself for part of this test run and runs nothing.
    delete env.NODE_TEST_CONTEXT;
    return spawnSync(process.execPath, ['--test', 'licensing.test.js'], { cwd: dir, encoding: 'utf8', env });
  };
  const safe = runWith('changes-a1-to-a3-add-first.json');
  assert.equal(safe.status, 0, safe.stdout + safe.stderr);
  const gap = runWith('changes-a1-to-a3.json');
  assert.equal(gap.status, 1, gap.stdout + gap.stderr);
  assert.match(gap.stdout, /alice loses Exchange Online mailbox after step 0 \(removeMember\)/);
});

// Parity of `requests`: for every scenario under tests/ and every example under web/examples/,
// the package's requests(text, emit) gives the bytes `licenselab requests FILE --emit EMIT`
// prints, for both emits, or the same error (a LoadError, or a RequestsError naming the field
// path, where most made-up product ids cannot be sent to Graph); and the plan of
// tests/requests/ gives its goldens. Run by ./dev test after the package and the command are built.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NATIVE, ROOT, loadPackage, scenarioFiles, shortDiff } from './common.mjs';

const api = await loadPackage();
const EMITS = ['graph', 'powershell'];

/** `licenselab requests FILE --emit EMIT`: { ok, stdout } or { ok: false, error }. */
function nativeRequests(file, emit) {
  const out = spawnSync(NATIVE, ['requests', file, '--emit', emit], { cwd: ROOT, encoding: 'utf8' });
  if (out.error) throw out.error;
  if (out.status === 0) return { ok: true, stdout: out.stdout };
  const prefix = `licenselab: ${file}: `;
  assert.equal(out.status, 1, `${file}: exit ${out.status}: ${out.stderr}`);
  assert.ok(out.stderr.startsWith(prefix), out.stderr);
  return { ok: false, error: out.stderr.slice(prefix.length).replace(/\n$/, '') };
}

function packageRequests(text, emit) {
  try {
    return { ok: true, stdout: api.requests(text, emit) };
  } catch (error) {
    assert.ok(['LoadError', 'RequestsError'].includes(error.name), `not a LoadError or RequestsError: ${error.stack}`);
    if (error.name === 'RequestsError') assert.ok(error.message.startsWith(`${error.path}: `), error.message);
    return { ok: false, error: error.message };
  }
}

test('requests() and the native command agree on every scenario and example', () => {
  const differences = [];
  let written = 0;
  for (const file of scenarioFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const emit of EMITS) {
      const expected = nativeRequests(file, emit);
      const actual = packageRequests(text, emit);
      if (expected.ok !== actual.ok) {
        differences.push(`${file} ${emit}: native ${expected.ok ? 'wrote it' : `"${expected.error}"`}, package ${actual.ok ? 'wrote it' : `"${actual.error}"`}`);
      } else if (!expected.ok) {
        if (expected.error !== actual.error) differences.push(`${file} ${emit}: native "${expected.error}", package "${actual.error}"`);
      } else {
        const difference = shortDiff(expected.stdout, actual.stdout);
        if (difference) differences.push(`${file} ${emit}:\n${difference}`);
        written++;
      }
    }
  }
  assert.deepEqual(differences, []);
  // The plan of tests/requests/ at least is written, so the bytes compared are not only errors.
  assert.ok(written >= 2, `only ${written} written`);
});

test('the plan of tests/requests/ gives its goldens', () => {
  const text = readFileSync(join(ROOT, 'tests', 'requests', 'plan.json'), 'utf8');
  assert.equal(api.requests(text, 'graph'), readFileSync(join(ROOT, 'tests', 'requests', 'plan.graph.json'), 'utf8'));
  assert.equal(api.requests(text, 'powershell'), readFileSync(join(ROOT, 'tests', 'requests', 'plan.ps1'), 'utf8'));
  const document = JSON.parse(api.requests(text, 'graph'));
  assert.equal(document.requests[0].url, '/groups/sales%2Feu%20%231/assignLicense');
  assert.throws(() => api.requests(text, 'bash'), { name: 'TypeError' });
  assert.throws(() => api.requests('{', 'graph'), { name: 'LoadError' });
});

// importTenant: the JavaScript package imports a tenant export to the same scenario, report and
// errors as the native `licenselab import`. Run by ./dev test after the package and the command
// are built.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { NATIVE, ROOT, loadPackage, shortDiff } from './common.mjs';

const api = await loadPackage();

/** A folder's .json files as importTenant takes them, named as the native command names them. */
function filesOf(folder) {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => relative(ROOT, join(entry.parentPath ?? entry.path, entry.name)))
    .sort()
    .map((path) => ({ path, bytes: new Uint8Array(readFileSync(join(ROOT, path))) }));
}

/** `licenselab import FOLDER -o OUT`: { status, stderr, scenario text }. */
function nativeImport(folder, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'licenselab-import-'));
  try {
    const out = join(dir, 'scenario.json');
    const run = spawnSync(NATIVE, ['import', folder, '-o', out, ...extra], { cwd: ROOT, encoding: 'utf8' });
    if (run.error) throw run.error;
    let text = null;
    try { text = readFileSync(out, 'utf8'); } catch { /* nothing written */ }
    return { status: run.status, stderr: run.stderr.replace(/wrote .*\n$/, ''), text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const folder of ['tests/import/graph', 'tests/import/graph-pending', 'tests/import/entra-exporter', 'tests/import/powershell']) {
  test(`importTenant(${folder}) gives the scenario and report licenselab import writes`, () => {
    const expected = nativeImport(folder);
    assert.equal(expected.status, 0, expected.stderr);
    const { scenario, report } = api.importTenant(filesOf(folder));
    assert.deepEqual(scenario, JSON.parse(expected.text));
    const diff = shortDiff(expected.text, `${JSON.stringify(scenario, null, 2)}\n`, ['native', 'package']);
    assert.equal(diff, null, diff);
    assert.equal(report.text, expected.stderr);
    // The scenario loads and runs in the package as it does natively.
    assert.equal(api.run(JSON.stringify(scenario)), api.run(expected.text));
  });
}

test('the report is plain data: counts, skipped members, missing, not mapped, ignored files', () => {
  const { report } = api.importTenant(filesOf('tests/import/graph'));
  assert.deepEqual(report.read, { organizations: 1, products: 3, users: 5, groups: 3, memberships: 4 });
  assert.equal(report.files, filesOf('tests/import/graph').length);
  assert.deepEqual(report.skippedMembers.map((m) => m.reason).sort(), ['contact', 'device', 'notExported', 'servicePrincipal']);
  const device = report.skippedMembers.find((m) => m.reason === 'device');
  assert.deepEqual(device, {
    group: '2b000000-0000-4000-8000-000000000001',
    member: '3c000000-0000-4000-8000-000000000001',
    reason: 'device',
    place: 'tests/import/graph/2b000000-0000-4000-8000-000000000001/members.json, item 4',
  });
  assert.ok(Array.isArray(report.missing) && Array.isArray(report.notMapped));
  assert.equal(report.ignoredFiles.length, 1);
  assert.match(report.ignoredFiles[0].path, /membersWithLicenseErrors/);
  assert.equal(report.anonymized, false);
});

test('anonymize is the native --anonymize', () => {
  const expected = nativeImport('tests/import/graph', ['--anonymize']);
  const { scenario, report } = api.importTenant(filesOf('tests/import/graph'), { anonymize: true });
  assert.deepEqual(scenario, JSON.parse(expected.text));
  assert.equal(report.anonymized, true);
});

test('an unusable file is an ImportError naming it, with the native message', () => {
  const dir = mkdtempSync(join(ROOT, 'target', 'import-broken-'));
  try {
    const path = relative(ROOT, join(dir, 'users.json'));
    writeFileSync(join(ROOT, path), '{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [');
    const expected = nativeImport(path);
    assert.equal(expected.status, 1);
    assert.equal(expected.text, null);
    let error;
    try {
      api.importTenant([{ path, bytes: new Uint8Array(readFileSync(join(ROOT, path))) }]);
    } catch (e) {
      error = e;
    }
    assert.equal(error?.name, 'ImportError');
    assert.equal(error.path, path);
    assert.equal(`licenselab: import failed: ${error.message}\n`, expected.stderr.split(/(?<=\n)/)[0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong argument shape is a TypeError that says the shape', () => {
  assert.throws(() => api.importTenant('tests/import/graph'), { name: 'TypeError', message: /array of \{path: string, bytes: Uint8Array\}/ });
  assert.throws(() => api.importTenant([{ path: 'a.json', text: '{}' }]), { name: 'TypeError', message: /files\[0\]\.bytes \(a\.json\) is not a Uint8Array/ });
});

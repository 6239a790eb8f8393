// plan: the JavaScript package's `plan` gives what `licenselab plan` writes and prints, for the
// plans of tests/plan/; a scenario that does not parse is a LoadError naming it. Run by ./dev
// test after the package and the command are built.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATIVE, ROOT, loadPackage, shortDiff } from './common.mjs';

const api = await loadPackage();
const dir = mkdtempSync(join(tmpdir(), 'licenselab-plan-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function licenselab(args) {
  const out = spawnSync(NATIVE, args, { cwd: ROOT, encoding: 'utf8' });
  if (out.error) throw out.error;
  return out;
}

for (const [name, status] of [['two-groups', 0], ['conflict-gap', 1], ['temporary', 0]]) {
  test(`plan ${name}: the command's plan, summary and report`, () => {
    const [tenant, target] = ['tenant', 'target'].map((t) => join('tests', 'plan', `${name}-${t}.json`));
    const out = join(dir, `${name}.json`);
    const naive = join(dir, `${name}-naive.json`);
    const native = licenselab(['plan', tenant, target, '-o', out, '--naive', naive]);
    assert.equal(native.status, status, native.stderr);
    const plan = api.plan(readFileSync(join(ROOT, tenant), 'utf8'), readFileSync(join(ROOT, target), 'utf8'));
    assert.equal(shortDiff(readFileSync(out, 'utf8'), plan.scenario), null);
    assert.equal(shortDiff(readFileSync(naive, 'utf8'), plan.naive), null);
    assert.equal(shortDiff(native.stdout, plan.summary), null);
    const json = licenselab(['plan', tenant, target, '-o', out, '--format', 'json']);
    assert.deepEqual(plan.report, JSON.parse(json.stdout));
    assert.equal(plan.report.noServiceGap, status === 0);
  });
}

test('plan: a target that does not parse is a LoadError naming it', () => {
  const tenant = readFileSync(join(ROOT, 'tests', 'plan', 'two-groups-tenant.json'), 'utf8');
  assert.throws(() => api.plan(tenant, '{"licenselab": 1,'), (e) => e.name === 'LoadError' && e.document === 'target' && e.line === 1);
  assert.throws(() => api.plan(tenant, tenant.replace('"groups"', '"steps": [{"op": "reprocess", "user": "ann"}], "groups"')),
    (e) => e.name === 'PlanError' && /the target has 1 step/.test(e.message));
});

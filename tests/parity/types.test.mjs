// The package's TypeScript declarations, checked with `tsc --noEmit` on two usage examples
// (tests/parity/types/): a Node program (the "node" export) and a page (the ES module).
// TypeScript and @types/node are dev dependencies in package.json (./dev installs them); with
// both installed elsewhere, TYPESCRIPT_MODULES=/that/node_modules node --test tests/parity/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PKG, ROOT, requireBuilds } from './common.mjs';

const MODULES = process.env.TYPESCRIPT_MODULES ?? join(ROOT, 'node_modules');
const TSC = join(MODULES, '.bin', 'tsc');
const missing = [TSC, join(MODULES, '@types', 'node')].filter((path) => !existsSync(path));

test('the declarations type-check a Node program and a page', (t) => {
  assert.deepEqual(missing, [], 'TypeScript is not installed: run npm ci (./dev does)');
  requireBuilds();
  const dir = mkdtempSync(join(tmpdir(), 'licenselab-types-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(ROOT, 'tests', 'parity', 'types'), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(PKG, join(dir, 'node_modules', 'licenselab'), 'dir');
  symlinkSync(join(MODULES, '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  for (const config of ['tsconfig.node.json', 'tsconfig.browser.json']) {
    const out = spawnSync(TSC, ['-p', config], { cwd: dir, encoding: 'utf8' });
    assert.equal(out.status, 0, `tsc -p ${config}:\n${out.stdout}${out.stderr}`);
  }
});

// The package's TypeScript declarations, checked with `tsc --noEmit` on two usage examples
// (tests/parity/types/): a Node program (the "node" export) and a page (the ES module). Runs when
// TypeScript and @types/node are installed in node_modules; package.json does not list them yet,
// so it is skipped otherwise (npm install --no-save typescript @types/node@20; or, with both
// installed elsewhere, TYPESCRIPT_MODULES=/that/node_modules node --test tests/parity/).
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

test('the declarations type-check a Node program and a page', { skip: missing.length > 0 && `not installed: ${missing.join(', ')}` }, (t) => {
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

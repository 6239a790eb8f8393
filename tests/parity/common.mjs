// Shared by the JavaScript package's tests: where the package and the native command are, which
// files are scenarios, how the native command answers, and a short diff for when bytes differ.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built package (crates/js-api/build-package writes it here). */
export const PKG = process.env.LICENSELAB_JS_PKG ?? join(ROOT, 'web', 'pkg');
/** The native command ./dev test builds (cargo build -p licenselab-cli). */
export const NATIVE = process.env.LICENSELAB_BIN ?? join(ROOT, 'target', 'debug', 'licenselab');

export function requireBuilds() {
  if (!existsSync(join(PKG, 'node.js'))) {
    throw new Error(`${PKG}/node.js is missing: build the package first (./dev package)`);
  }
  if (!existsSync(NATIVE)) {
    throw new Error(`${NATIVE} is missing: build it first (cargo build -p licenselab-cli)`);
  }
}

/** The package as Node loads it (its "node" export, ready without init()). */
export async function loadPackage() {
  requireBuilds();
  return import(pathToFileURL(join(PKG, 'node.js')).href);
}

function jsonFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/**
 * Every scenario under tests/ (valid or not) and every example under web/examples/, as paths
 * relative to the repository. Left out: goldens and expectations (`.result.json`,
 * `.expect.json`), and JSON that does not mention `"licenselab"` at all (configuration such as
 * tests/webdriver.json and web/examples/index.json), except under tests/invalid/, where every file
 * is a scenario that must fail (an empty file among them).
 */
export function scenarioFiles() {
  return [...jsonFilesUnder(join(ROOT, 'tests')), ...jsonFilesUnder(join(ROOT, 'web', 'examples'))]
    .filter((file) => !/\.(result|expect)\.json$/.test(file))
    .filter((file) => !file.split(/[\\/]/).includes('node_modules'))
    .filter((file) => file.includes(`${join('tests', 'invalid')}`) || readFileSync(file, 'utf8').includes('"licenselab"'))
    .map((file) => relative(ROOT, file));
}

/**
 * `licenselab COMMAND FILE [OPTIONS]`, run from the repository root: { ok, stdout, error }, where `error`
 * is the message after the `licenselab: FILE: ` prefix the command puts before a load error.
 */
export function native(command, file, ...options) {
  const out = spawnSync(NATIVE, [command, file, ...options], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (out.error) throw out.error;
  if (out.status === 0) return { ok: true, stdout: out.stdout };
  const prefix = `licenselab: ${file}: `;
  if (out.status !== 1 || !out.stderr.startsWith(prefix)) {
    throw new Error(`licenselab ${command} ${file} exited ${out.status}: ${out.stderr}`);
  }
  return { ok: false, error: out.stderr.slice(prefix.length).replace(/\n$/, '') };
}

/** The first differing line of two texts, with two lines of context, or null when equal. */
export function shortDiff(expected, actual, labels = ['native', 'wasm']) {
  if (expected === actual) return null;
  const a = expected.split('\n');
  const b = actual.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  const from = Math.max(0, line - 2);
  const width = Math.max(...labels.map((label) => label.length));
  const show = (lines, label) =>
    lines
      .slice(from, line + 3)
      .map((text, i) => `  ${label.padEnd(width)} ${String(from + i + 1).padStart(5)}| ${text}`)
      .join('\n');
  const lengths = `(${expected.length} bytes against ${actual.length})`;
  return `first difference at line ${line + 1} ${lengths}:\n${show(a, labels[0])}\n${show(b, labels[1])}`;
}

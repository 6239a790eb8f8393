// Parity: every scenario under tests/ and every example under web/examples/ goes through the
// JavaScript package in Node and through the native command, and both must say the same thing:
// the same result bytes (run, and stepping one step at a time, pretty and --compact), the same
// counts (validate), or the same load error message. Run by ./dev test after the package and the command are built.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadPackage, native, scenarioFiles, shortDiff } from './common.mjs';

const api = await loadPackage();
const files = scenarioFiles();

/** What the package says for one scenario, in the native command's terms. */
function throughPackage(text, options) {
  try {
    return { ok: true, stdout: api.run(text, options) };
  } catch (error) {
    assert.equal(error.name, 'LoadError', `not a LoadError: ${error.stack}`);
    return { ok: false, error: error.message };
  }
}

/** Every step one at a time; the result must come out the same as a whole run. */
function steppedResult(text, options) {
  const simulation = new api.Simulation(text);
  try {
    let steps = 0;
    while (simulation.step() !== undefined) steps++;
    assert.equal(steps, simulation.stepCount);
    assert.equal(simulation.position, simulation.stepCount);
    const json = simulation.resultJson(options);
    assert.deepEqual(simulation.result(), JSON.parse(json), 'result() is not resultJson() parsed');
    return json;
  } finally {
    simulation.free();
  }
}

function loadErrorOf(action) {
  try {
    action();
  } catch (error) {
    return error.message;
  }
  return '(no error)';
}

test(`the package and the native command agree on every scenario and example`, (t) => {
  assert.ok(files.length > 0, 'no scenario found');
  const differences = [];
  const counts = { results: 0, errors: 0 };
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const expected = native('run', file);
    const actual = throughPackage(text);
    if (expected.ok !== actual.ok) {
      differences.push(`${file}: the native command ${expected.ok ? 'ran it' : `failed: ${expected.error}`}, ` +
        `the package ${actual.ok ? 'ran it' : `failed: ${actual.error}`}`);
      continue;
    }
    if (expected.ok) {
      counts.results++;
      const diff = shortDiff(expected.stdout, actual.stdout) ??
        shortDiff(expected.stdout, steppedResult(text), ['native', 'stepped']);
      if (diff) differences.push(`${file}: ${diff}`);
      // --compact: the same document on one line, and the same bytes from every front end.
      const compact = native('run', file, '--compact').stdout;
      const compactDiff = shortDiff(compact, throughPackage(text, { compact: true }).stdout, ['native', 'wasm']) ??
        shortDiff(compact, steppedResult(text, { compact: true }), ['native', 'stepped']);
      if (compactDiff) differences.push(`${file}: --compact: ${compactDiff}`);
      if (compact.indexOf('\n') !== compact.length - 1) differences.push(`${file}: --compact: more than one line`);
      else if (JSON.stringify(JSON.parse(compact)) !== JSON.stringify(JSON.parse(expected.stdout))) {
        differences.push(`${file}: --compact is not the pretty document`);
      }
      const validated = native('validate', file).stdout;
      const summary = api.validate(text);
      const counted = `${file}: valid (${summary.products} products, ${summary.users} users, ` +
        `${summary.groups} groups, ${summary.steps} steps)\n`;
      if (counted !== validated) differences.push(`${file}: validate: native "${validated.trim()}", package "${counted.trim()}"`);
    } else {
      counts.errors++;
      const validateError = native('validate', file).error;
      for (const [what, message] of [
        ['run', actual.error],
        ['new Simulation', loadErrorOf(() => new api.Simulation(text))],
        ['validate', loadErrorOf(() => api.validate(text))],
      ]) {
        const nativeMessage = what === 'validate' ? validateError : expected.error;
        if (message !== nativeMessage) {
          differences.push(`${file}: ${what}: error message\n  native: ${nativeMessage}\n  wasm:   ${message}`);
        }
      }
    }
  }
  const summary = `compared ${files.length} files with the native command: ${counts.results} results ` +
    `(run, stepped, validate), ${counts.errors} load errors`;
  t.diagnostic(summary);
  if (differences.length > 0) {
    assert.fail(`${differences.length} differences in ${files.length} files:\n${differences.join('\n')}`);
  }
});

test('the scenarios compared include every kind there is', () => {
  const under = (folder) => files.filter((f) => f.startsWith(folder)).length;
  assert.ok(under(join('tests', 'scenarios')) > 0, 'no tests/scenarios');
  assert.ok(under(join('tests', 'invalid')) > 0, 'no tests/invalid');
  assert.ok(under(join('web', 'examples')) > 0, 'no web/examples');
});

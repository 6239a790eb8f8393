// The package's ES module in headless Chromium, as a page loads it: init() from the default URL,
// from a URL, from bytes, and initSync(); then a run, a step, a preview and a load error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../e2e/harness.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { PKG, ROOT, native, requireBuilds, shortDiff } from './common.mjs';

const SCENARIO = join('web', 'examples', 'seat-exhaustion.json');

/**
 * Runs `body(module, scenarioText)` in a fresh page after `initialize(module)`. Both cross into
 * the page as source text (page.evaluate takes no closures), so they may use only their arguments.
 */
async function inPage(browser, url, initialize, body) {
  const page = await browser.newPage();
  try {
    // Any same-origin page can import the module; package.json is one the server has.
    await page.goto(new URL('package.json', url).href);
    return await page.evaluate(
      async ({ initialize, body, scenario }) => {
        const module = await import('/licenselab.js');
        await new Function('module', `return (${initialize})(module)`)(module);
        return new Function('module', 'scenario', `return (${body})(module, scenario)`)(module, scenario);
      },
      { initialize: initialize.toString(), body: body.toString(), scenario: readFileSync(join(ROOT, SCENARIO), 'utf8') },
    );
  } finally {
    await page.close();
  }
}

test('the ES module runs scenarios in Chromium, however it is instantiated', async (t) => {
  requireBuilds();
  const server = await serveStatic(PKG);
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  const expected = native('run', SCENARIO).stdout;
  const initializations = {
    'init() from the URL beside the module': (m) => m.default(),
    'init() with a URL': (m) => m.default({ module_or_path: new URL('/licenselab_bg.wasm', location.href) }),
    'init() with the bytes': async (m) =>
      m.default({ module_or_path: await (await fetch('/licenselab_bg.wasm')).arrayBuffer() }),
    'initSync() with a compiled module': async (m) =>
      m.initSync({ module: await WebAssembly.compileStreaming(fetch('/licenselab_bg.wasm')) }),
  };
  for (const [name, initialize] of Object.entries(initializations)) {
    const shown = await inPage(browser, server.url, initialize, (m, scenario) => m.run(scenario));
    const diff = shortDiff(expected, shown, ['native', 'chromium']);
    if (diff) assert.fail(`${name}: ${diff}`);
  }

  const stepped = await inPage(browser, server.url, (m) => m.default(), (m, scenario) => {
    const simulation = new m.Simulation(scenario);
    const first = simulation.step();
    const preview = simulation.preview({ op: 'reprocess', group: simulation.groups()[0].id });
    simulation.runToEnd();
    const json = simulation.resultJson();
    simulation.free();
    let error;
    try {
      m.run('{"licenselab": 1, "users": [{"id": "u1", "departmnt": "Sales"}]}');
    } catch (e) {
      error = { isError: e instanceof Error, name: e.name, message: e.message, line: e.line, column: e.column, path: e.path };
    }
    return { first, previewOutcome: preview.outcome, json, error };
  });
  assert.deepEqual(stepped.first, JSON.parse(expected).steps[0]);
  assert.equal(stepped.previewOutcome, 'applied');
  assert.equal(stepped.json, expected);
  assert.deepEqual(stepped.error, {
    isError: true,
    name: 'LoadError',
    message: "line 1, column 55: users[0].departmnt: unknown user property 'departmnt'; did you mean 'department'?",
    line: 1,
    column: 55,
    path: 'users[0].departmnt',
  });
});

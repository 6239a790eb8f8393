// The tenant-scale workload in WebAssembly, in Node and in headless Chromium, beside native code:
// `node tests/bench/wasm.mjs`, after `./dev package` and
// `cargo build --release -p licenselab-cli -p licenselab-engine --examples`. Prints a table; the
// README's numbers come from it. Every row times the same thing: parsing the scenario text and
// loading (reconciling) it, in one process, without dropping the result.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { serveStatic } from "../e2e/server.mjs";
import { launchChromium } from "../e2e/harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const licenselab = join(root, "target/release/licenselab");
// Inside the repository, so the page can fetch the tenant from the same server.
const work = join(root, "target/bench");
mkdirSync(work, { recursive: true });

function tenant(steps) {
  const file = join(work, `t100k-${steps}.json`);
  execFileSync(licenselab, ["generate", "--users", "100000", "--groups", "2000", "--skus", "40", "--seed", "1",
    "--steps", String(steps), "--output", file]);
  return file;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeNative(file) {
  // The engine's load_time example prints "parse X ms, load and reconcile Y ms" per run.
  const output = execFileSync(join(root, "target/release/examples/load_time"), [file], { encoding: "utf8" });
  const runs = output.trim().split("\n").map((line) => {
    const [parse, load] = [...line.matchAll(/([0-9.]+)(ms|s)\b/g)].map(([, n, unit]) => Number(n) * (unit === "s" ? 1000 : 1));
    return parse + load;
  });
  return median(runs);
}

const withoutSteps = tenant(0);
const withSteps = tenant(1000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const rows = [];

rows.push(["native: parse + load + reconcile", timeNative(withoutSteps)]);

// Node: the package's Node entry.
const { Simulation } = await import(join(root, "web/pkg/node.js"));
const text = readFileSync(withoutSteps, "utf8");
const textWithSteps = readFileSync(withSteps, "utf8");
const nodeLoad = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const simulation = new Simulation(text);
  nodeLoad.push(performance.now() - start);
  simulation.free();
}
rows.push(["wasm in Node: parse + load + reconcile", median(nodeLoad)]);
{
  const simulation = new Simulation(textWithSteps);
  const start = performance.now();
  simulation.runToEnd();
  rows.push(["wasm in Node: 1,000 random steps", performance.now() - start]);
  simulation.free();
}

// Chromium: the ES module in a page, the scenario fetched from the same server.
const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/tests/bench/page.html`);
  const chromium = await page.evaluate(async ({ file, runs }) => {
    const module = await import("/web/pkg/licenselab.js");
    await module.default();
    const text = await (await fetch(file)).text();
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const simulation = new module.Simulation(text);
      times.push(performance.now() - start);
      simulation.free();
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  }, { file: "/" + withoutSteps.slice(root.length + 1).replaceAll("\\", "/"), runs });
  rows.push(["wasm in Chromium: parse + load + reconcile", chromium]);
} catch (error) {
  rows.push([`wasm in Chromium: not measured (${error.message.split("\n")[0]})`, NaN]);
} finally {
  await browser.close();
  await server.close();
}

for (const [what, ms] of rows) console.log(`${what.padEnd(72)} ${Number.isNaN(ms) ? "-" : ms.toFixed(0).padStart(7) + " ms"}`);
writeFileSync(join(work, "results.json"), JSON.stringify(rows));

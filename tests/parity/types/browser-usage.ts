// Type-checks the declarations as a page uses them: the ES module, instantiated with init().
// tests/parity/types.test.mjs compiles it against the built package when TypeScript is installed.
import init, { initSync, run, Simulation, type ProductView } from "licenselab";

await init(); // the wasm beside licenselab.js
await init({ module_or_path: new URL("/pkg/licenselab_bg.wasm", location.href) });
initSync({ module: new Uint8Array(await (await fetch("/pkg/licenselab_bg.wasm")).arrayBuffer()) });

const text = await (await fetch("scenario.json")).text();
const output: string = run(text);
using simulation = new Simulation(text); // freed at the end of the scope (Symbol.dispose)
simulation.runToEnd();
const products: ProductView[] = simulation.products();
document.body.textContent = `${output.length} ${products.map((p) => p.displayName).join()}`;

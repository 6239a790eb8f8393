// The entry Node resolves ("node" in package.json's exports): it reads the wasm beside this file
// and instantiates it synchronously, so in Node an import is all it takes (no init() to await).
import { readFileSync } from "node:fs";
import { initSync } from "./licenselab.js";

initSync({ module: readFileSync(new URL("./licenselab_bg.wasm", import.meta.url)) });

export * from "./licenselab.js";

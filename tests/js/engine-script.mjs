// engine.js is a classic script (it runs from the page's head, before any module): it is run
// here as on a page without the engine's addresses (so that it starts no worker), in a context
// of its own, and what it puts on `window` is returned.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SOURCE = readFileSync(new URL("../../docs/assets/calculator/engine.js", import.meta.url), "utf8");

/** @param {{ hash?: string }} [page] */
export function loadEngine({ hash = "" } = {}) {
  const window = {};
  const context = vm.createContext({
    window,
    document: { currentScript: { dataset: {}, src: "https://example.org/assets/calculator/engine.js" }, readyState: "complete" },
    location: { hash, href: "https://example.org/2025/calculator/" },
    atob, btoa, TextDecoder, TextEncoder, URL, Uint8Array, JSON,
  });
  vm.runInContext(SOURCE, context);
  return window.CalculatorEngine;
}

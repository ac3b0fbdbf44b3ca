// Restoring a memory snapshot of the calculator's started interpreter (issue 14): shared by the
// page's worker (worker.js) and by the build, which makes the snapshot under Node from the
// files the site serves (scripts/pyodide/snapshot.mjs). An ES module with no imports.
//
// Pyodide 314.0.7's limits, worked around here:
// - Restoring a snapshot larger than the default 30 MB heap fails with `RangeError: offset is
//   out of bounds` (pyodide/pyodide#6254: the INITIAL_MEMORY that Pyodide sets is not read).
//   `factoryFor` wraps Pyodide's module factory: once the module is created, and before Pyodide
//   copies the snapshot in, sbrk grows the heap to the snapshot's size (emscripten's own growth
//   path, so that its views of the memory are renewed).
// - Package-load state cannot be snapshotted (pyodide/pyodide#5195, #6418): the engine's wheel
//   is unpacked into site-packages (`unpackEngine`), not loaded with loadPackage; the file
//   system is not in the snapshot, so it is unpacked again after a restore.

const HEAP_OFFSET_WORD = 1; // Pyodide's header: [magic, heapOffset, jsonLength, 0, buildId x8]

// The heap's size that a snapshot holds.
export function snapshotHeapBytes(snapshot) {
  const header = new Uint32Array(snapshot.buffer, snapshot.byteOffset, 4);
  return snapshot.byteLength - header[HEAP_OFFSET_WORD];
}

// Pyodide's module factory (the default export of pyodide.asm.mjs), wrapped so that the heap is
// large enough for `heapBytes` before Pyodide restores the snapshot into it.
export function factoryFor(createModule, heapBytes) {
  return async (settings) => {
    const module = await createModule(settings);
    if (module.HEAP8.length < heapBytes) {
      // The break moves past the snapshot's heap: emscripten grows the memory (zeroed pages)
      // and renews its views. The snapshot then overwrites the break with its own.
      const brk = module._sbrk(0) >>> 0;
      module._sbrk(heapBytes - brk);
      if (module.HEAP8.length < heapBytes) {
        throw new Error(`cannot grow the heap to ${heapBytes} bytes (have ${module.HEAP8.length})`);
      }
    }
    return module;
  };
}

// Where loadPackage would have put the wheel (the engine's files, on Pyodide's file system).
export function unpackEngine(pyodide, wheel) {
  const sitePackages = pyodide.runPython("from pyodide._package_loader import SITE_PACKAGES; str(SITE_PACKAGES)");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
}

// After a restore: random reseeded (the snapshot fixes its state, pyodide/pyodide#4652) and the
// engine's entry point, already imported in the snapshot.
export function engineEntry(pyodide) {
  return pyodide.runPython("import random; random.seed(); import calculator.browser; calculator.browser.run");
}

// @ts-check
// Restoring a memory snapshot of the calculator's started interpreter: shared by the
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

// Pyodide's header: [magic, heapOffset, jsonLength, 0, buildId x8] (u32, little-endian), then
// its JSON, then the heap from heapOffset on.
/**
 * @param {Uint8Array} snapshot
 * @returns {number}
 */
function heapOffset(snapshot) {
  if (snapshot.byteLength < 16) throw new Error("not a memory snapshot: too short");
  const offset = new DataView(snapshot.buffer, snapshot.byteOffset, 16).getUint32(4, true);
  if (offset % 16 || offset + 12 > snapshot.byteLength) throw new Error("not a memory snapshot: no heap");
  return offset;
}

/**
 * The heap's size that a snapshot holds.
 * @param {Uint8Array} snapshot
 * @returns {number}
 */
export function snapshotHeapBytes(snapshot) {
  return snapshot.byteLength - heapOffset(snapshot);
}

// The snapshot as the site serves and keeps it: two thirds of the 31 MB heap that Pyodide
// dumps are zero pages, which a returning visit would read from the cache and copy for
// nothing. Packed: Pyodide's own header unchanged (so that its build id still decides), then
// the heap as its non-zero 4 KiB blocks only:
//   [header] [PACKED_MAGIC, heapBytes, n] [offset, length] x n [the n runs of bytes]
const PACKED_MAGIC = 0x4b505341; // "ASPK"
const BLOCK = 4096;

/**
 * @param {Uint8Array} snapshot as Pyodide dumps it
 * @returns {Uint8Array}
 */
export function packSnapshot(snapshot) {
  const start = heapOffset(snapshot);
  const heap = snapshot.subarray(start);
  /** @type {[number, number][]} offset and length of each run of non-zero blocks */
  const runs = [];
  const zero = (/** @type {number} */ at) => {
    const end = Math.min(at + BLOCK, heap.length);
    for (let i = at; i < end; i++) if (heap[i]) return false;
    return true;
  };
  for (let at = 0; at < heap.length; at += BLOCK) {
    if (zero(at)) continue;
    const last = runs[runs.length - 1];
    const length = Math.min(BLOCK, heap.length - at);
    if (last && last[0] + last[1] === at) last[1] += length;
    else runs.push([at, length]);
  }
  const data = runs.reduce((sum, [, length]) => sum + length, 0);
  const out = new Uint8Array(start + 12 + 8 * runs.length + data);
  out.set(snapshot.subarray(0, start));
  const view = new DataView(out.buffer);
  view.setUint32(start, PACKED_MAGIC, true);
  view.setUint32(start + 4, heap.length, true);
  view.setUint32(start + 8, runs.length, true);
  let at = start + 12 + 8 * runs.length;
  runs.forEach(([offset, length], i) => {
    view.setUint32(start + 12 + 8 * i, offset, true);
    view.setUint32(start + 16 + 8 * i, length, true);
    out.set(heap.subarray(offset, offset + length), at);
    at += length;
  });
  return out;
}

/**
 * The snapshot Pyodide restores, from its packed form; throws on anything that is not one.
 * @param {Uint8Array} packed
 * @returns {Uint8Array}
 */
export function unpackSnapshot(packed) {
  const start = heapOffset(packed);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (view.getUint32(start, true) !== PACKED_MAGIC) throw new Error("not a packed memory snapshot");
  const heapBytes = view.getUint32(start + 4, true);
  const count = view.getUint32(start + 8, true);
  const out = new Uint8Array(start + heapBytes); // zeroed: the blocks not written stay zero
  out.set(packed.subarray(0, start));
  let at = start + 12 + 8 * count;
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(start + 12 + 8 * i, true);
    const length = view.getUint32(start + 16 + 8 * i, true);
    if (offset + length > heapBytes || at + length > packed.byteLength) throw new Error("damaged memory snapshot");
    out.set(packed.subarray(at, at + length), start + offset);
    at += length;
  }
  if (at !== packed.byteLength) throw new Error("damaged memory snapshot");
  return out;
}

// Pyodide's module factory (the default export of pyodide.asm.mjs), wrapped so that the heap is
// large enough for `heapBytes` before Pyodide restores the snapshot into it.
/**
 * @typedef {{ HEAP8: Int8Array, _sbrk(increment: number): number }} EmscriptenModule
 * @param {(settings: unknown) => Promise<EmscriptenModule>} createModule
 * @param {number} heapBytes
 * @returns {(settings: unknown) => Promise<EmscriptenModule>}
 */
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

/**
 * Where loadPackage would have put the wheel (the engine's files, on Pyodide's file system).
 * @param {any} pyodide Pyodide's API object
 * @param {Uint8Array} wheel
 */
export function unpackEngine(pyodide, wheel) {
  const sitePackages = pyodide.runPython("from pyodide._package_loader import SITE_PACKAGES; str(SITE_PACKAGES)");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
}

// After a restore: random reseeded (the snapshot fixes its state, pyodide/pyodide#4652) and the
// engine's entry point, already imported in the snapshot.
/**
 * @param {any} pyodide Pyodide's API object
 * @returns {any} calculator.browser.run, a Python function's proxy
 */
export function engineEntry(pyodide) {
  return pyodide.runPython("import random; random.seed(); import calculator.browser; calculator.browser.run");
}

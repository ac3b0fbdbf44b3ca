// The calculator's memory snapshot as the site serves it (packed: its zero pages left out)
// must restore to exactly the heap Pyodide dumped, and a damaged download must be refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { packSnapshot, snapshotHeapBytes, unpackSnapshot } from "../../docs/assets/calculator/snapshot-restore.js";

// Pyodide's layout: a 16-byte header whose second word is where the heap starts, its JSON,
// then the heap.
function dump(heapBytes, fill) {
  const start = 64;
  const bytes = new Uint8Array(start + heapBytes);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x1234, true);
  view.setUint32(4, start, true);
  bytes.set(new TextEncoder().encode('{"build":"x"}'), 16);
  fill(bytes.subarray(start));
  return bytes;
}

test("a packed snapshot unpacks to the very bytes dumped, and is smaller when mostly zero", () => {
  const heap = 16 * 4096 + 100; // a last block shorter than the others
  const snapshot = dump(heap, (h) => { h[5] = 1; h[4096 * 3 + 17] = 2; h[4096 * 4] = 3; h[heap - 1] = 4; });
  const packed = packSnapshot(snapshot);
  assert.ok(packed.byteLength < snapshot.byteLength / 2);
  assert.deepEqual(unpackSnapshot(packed), snapshot);
  assert.equal(snapshotHeapBytes(unpackSnapshot(packed)), heap);
});

test("a heap with no zero page, or none but zeros, survives packing", () => {
  for (const fill of [(h) => h.fill(7), () => {}]) {
    const snapshot = dump(3 * 4096, fill);
    assert.deepEqual(unpackSnapshot(packSnapshot(snapshot)), snapshot);
  }
});

test("a cut or foreign download is refused rather than restored", () => {
  const packed = packSnapshot(dump(8 * 4096, (h) => h.fill(1, 0, 5000)));
  assert.throws(() => unpackSnapshot(packed.subarray(0, packed.byteLength - 10)), /damaged/);
  assert.throws(() => unpackSnapshot(new Uint8Array(8)), /too short/);
  assert.throws(() => unpackSnapshot(dump(4096, () => {})), /not a packed/);
});

// The checks this device keeps, shared by every tab of the calculator: each tab is a
// SavedChecks of its own over the one local storage, as in the browser.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { SavedChecks } from "../../docs/assets/calculator/saved-checks.js";

const KEY = "alxa-ce-checks-2025";

class Storage {
  constructor() { this.items = new Map(); this.refuse = false; }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) {
    if (this.refuse) throw new Error("QuotaExceededError");
    this.items.set(key, String(value));
  }
  removeItem(key) { this.items.delete(key); }
}

let storage;
beforeEach(() => {
  storage = new Storage();
  globalThis.localStorage = storage;
});

const tab = (on) => new SavedChecks(2025, KEY, "上次的查詢", on);
const annual = (hours) => ({ notice: 2025, purpose: "annual", records: [{ year: 2025, channel: "platform", subject: "public", hours }] });
const names = (checks) => checks.list().map((c) => c.name).sort();
// Two changes in the same millisecond are the same moment: the tests wait between them.
const later = () => sleep(3);

test("a check saved in one tab is listed in another, and in a tab opened later", () => {
  const first = tab();
  const second = tab();
  first.put(first.make("張老師", annual(30)), { now: true });
  second.sync();
  assert.deepEqual(names(second), ["張老師"]);
  assert.deepEqual(names(tab()), ["張老師"]);
});

test("a deletion in one tab stays deleted after another tab, which still showed it, writes an edit", async () => {
  const first = tab();
  const check = first.make("張老師", annual(30));
  first.put(check, { now: true });
  const second = tab();
  assert.deepEqual(names(second), ["張老師"]);
  await later();
  assert.equal(first.remove(check.id), true);
  await later();
  // The other tab has not heard of the deletion yet and types into the check.
  second.put({ ...second.get(check.id), case: annual(45) });
  second.flush();
  assert.equal(second.get(check.id), null);
  assert.deepEqual(names(tab()), []);
  first.sync();
  assert.deepEqual(names(first), []);
});

test("undoing a deletion brings the check back in every tab", async () => {
  const first = tab();
  const check = first.make("張老師", annual(30));
  first.put(check, { now: true });
  const second = tab();
  await later();
  first.remove(check.id);
  second.sync();
  assert.deepEqual(names(second), []);
  await later();
  first.put(check, { now: true, revive: true });
  second.sync();
  assert.deepEqual(names(second), ["張老師"]);
  assert.deepEqual(names(tab()), ["張老師"]);
});

test("edits of different checks in two tabs are both kept", async () => {
  const first = tab();
  const a = first.make("甲", annual(1));
  const b = first.make("乙", annual(2));
  first.put(a, { now: true });
  first.put(b, { now: true });
  const second = tab();
  await later();
  first.put({ ...a, case: annual(10) });
  second.put({ ...second.get(b.id), case: annual(20) });
  first.flush();
  second.flush();
  const fresh = tab();
  assert.deepEqual(fresh.get(a.id).case, annual(10));
  assert.deepEqual(fresh.get(b.id).case, annual(20));
});

test("of two edits of the same check, the later one is kept", async () => {
  const first = tab();
  const check = first.make("張老師", annual(1));
  first.put(check, { now: true });
  const second = tab();
  await later();
  first.put({ ...check, case: annual(10) });
  await later();
  second.put({ ...second.get(check.id), case: annual(20) });
  second.flush();
  first.flush(); // written last, but changed first
  assert.deepEqual(tab().get(check.id).case, annual(20));
  first.sync();
  assert.deepEqual(first.get(check.id).case, annual(20));
});

test("a tab is told when another tab changed the checks, and not when nothing changed", () => {
  let told = 0;
  const first = tab({ onChange: () => { told += 1; } });
  first.sync();
  assert.equal(told, 0);
  const second = tab();
  second.put(second.make("張老師", annual(30)), { now: true });
  first.sync();
  assert.equal(told, 1);
  first.sync();
  assert.equal(told, 1);
});

test("the check a tab had open is opened again next time", () => {
  const first = tab();
  const a = first.make("甲", annual(1));
  const b = first.make("乙", annual(2));
  first.put(a, { now: true });
  first.put(b, { now: true });
  first.open(a.id);
  assert.equal(tab().current, a.id);
  first.remove(a.id);
  assert.equal(tab().current, null);
});

test("storage written by hand or by an older page keeps the checks that can be read", () => {
  storage.setItem(KEY, JSON.stringify({
    checks: [
      { id: "x", name: "完好", saved: "2025-05-01T00:00:00.000Z", case: annual(30) },
      { id: "y", name: "沒有查詢" },
      "不是查詢",
      { id: 7, name: "編號不對", case: annual(1) },
    ],
    current: "x",
    deleted: { z: "not a date" },
  }));
  const checks = tab();
  assert.deepEqual(names(checks), ["完好"]);
  assert.equal(checks.current, "x");
});

test("unreadable storage starts an empty list instead of breaking the page", () => {
  storage.setItem(KEY, "{not json");
  assert.deepEqual(names(tab()), []);
  storage.setItem(KEY, JSON.stringify([1, 2, 3]));
  assert.deepEqual(names(tab()), []);
});

test("the single case an earlier page kept becomes a saved check, opened", () => {
  storage.setItem("alxa-ce-case-2025", JSON.stringify(annual(12)));
  const checks = tab();
  const [check] = checks.list();
  assert.equal(check.name, "上次的查詢");
  assert.deepEqual(check.case, annual(12));
  assert.equal(checks.current, check.id);
  assert.equal(storage.getItem("alxa-ce-case-2025"), null);
});

test("a write the browser refuses is reported and kept in the tab until writing works again", () => {
  const writes = [];
  const checks = tab({ onWrite: (ok) => writes.push(ok) });
  storage.refuse = true;
  const check = checks.make("張老師", annual(30));
  assert.equal(checks.put(check, { now: true }), false);
  assert.deepEqual(writes, [false]);
  assert.deepEqual(names(checks), ["張老師"]);
  storage.refuse = false;
  assert.equal(checks.flush(), true);
  assert.deepEqual(writes, [false, true]);
  assert.deepEqual(names(tab()), ["張老師"]);
});

test("the legacy case is not dropped while the browser refuses to keep it in the new form", () => {
  storage.setItem("alxa-ce-case-2025", JSON.stringify(annual(12)));
  storage.refuse = true;
  tab();
  assert.notEqual(storage.getItem("alxa-ce-case-2025"), null);
});

// The checks this device keeps, for one notice: a list of {id, name, saved, case}, and which
// one is open. Only in this browser's local storage; never sent. Whatever is read back is
// checked first: storage written by an older page, another tab or by hand must not break
// the page. The single case that earlier pages kept is taken over as one saved check.

const LEGACY_PREFIX = "alxa-ce-case-";

export class SavedChecks {
  constructor(notice, key, previousName) {
    this.key = key;
    this.legacyKey = LEGACY_PREFIX + notice;
    this.previousName = previousName;
  }

  read() {
    const store = { checks: [], current: null };
    try {
      const raw = JSON.parse(localStorage.getItem(this.key) || "null");
      if (raw && Array.isArray(raw.checks)) {
        store.checks = raw.checks.filter((c) => c && typeof c.id === "string" && typeof c.name === "string"
          && c.case && typeof c.case === "object" && !Array.isArray(c.case));
        if (store.checks.some((c) => c.id === raw.current)) store.current = raw.current;
      }
      const legacy = JSON.parse(localStorage.getItem(this.legacyKey) || "null");
      if (legacy && typeof legacy === "object" && !Array.isArray(legacy)) {
        const check = this.make(this.previousName, legacy);
        store.checks.push(check);
        store.current = store.current || check.id;
        this.write(store);
        localStorage.removeItem(this.legacyKey);
      }
    } catch { /* storage unavailable or unreadable: an empty list */ }
    return store;
  }

  write(store) {
    try {
      localStorage.setItem(this.key, JSON.stringify(store));
      return true;
    } catch {
      return false; // private mode or full: the page still works, without memory
    }
  }

  make(name, caseData) {
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    return { id, name, saved: new Date().toISOString(), case: caseData };
  }

  // Changes, each read-modify-write so that another tab's checks are kept.
  put(check, open = true) {
    const store = this.read();
    const at = store.checks.findIndex((c) => c.id === check.id);
    check.saved = new Date().toISOString();
    if (at >= 0) store.checks[at] = check;
    else store.checks.push(check);
    if (open) store.current = check.id;
    this.write(store);
  }

  remove(id) {
    const store = this.read();
    const removed = store.checks.find((c) => c.id === id) || null;
    store.checks = store.checks.filter((c) => c.id !== id);
    if (store.current === id) store.current = null;
    this.write(store);
    return removed;
  }

  open(id) {
    const store = this.read();
    store.current = store.checks.some((c) => c.id === id) ? id : null;
    this.write(store);
  }
}

// @ts-check
// The checks this device keeps, for one notice: a list of {id, name, saved, case}, which one
// is open, and when each deleted one was deleted. Only in this browser's local storage; never
// sent. Whatever is read back is checked first: storage written by an older page, another tab
// or by hand must not break the page. The single case that earlier pages kept is taken over
// as one saved check.
//
// Several tabs share the one stored list. Each keeps a copy in memory and merges it with what
// is stored, check by check, whenever it writes and whenever another tab has written (the page
// passes on the `storage` event): the later change of each check wins, and a deletion wins
// over any edit of the same check, so that a tab that had not yet heard of it cannot bring it
// back; only undoing the deletion (`revive`) can. Edits are written a moment after the last
// keystroke, so that typing costs the same whatever the number of checks kept; the page's own
// actions (save, delete, open) are written at once.

const LEGACY_PREFIX = "alxa-ce-case-";
const QUIET_MS = 300; // an edit is written once typing pauses this long...
const LONGEST_MS = 1500; // ...or this long after the first edit not yet written
const FORGET_DELETIONS_MS = 90 * 24 * 3600 * 1000; // a deletion is remembered for 90 days

/**
 * A check kept on this device: its case as the page last read it, when it was last changed
 * (`saved`) and, if its deletion was undone, when (`revived`).
 * @typedef {{ id: string, name: string, saved: string, revived?: string, case: Record<string, unknown> }} Check
 */
/** What is stored, as far as this page can use it. @typedef {{ checks: Map<string, Check>, deleted: Map<string, number>, current: string | null }} Stored */

/** @param {unknown} iso */
const time = (iso) => (typeof iso === "string" && Date.parse(iso)) || 0;
/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export class SavedChecks {
  /**
   * `onWrite(ok)`: after every attempt to write; `onChange()`: after another tab's changes
   * have come into this tab's list.
   * @param {number | string} notice
   * @param {string} key where the list is stored
   * @param {string} previousName the name of the case an earlier page kept
   * @param {{ onWrite?: (ok: boolean) => void, onChange?: () => void }} [on]
   */
  constructor(notice, key, previousName, { onWrite = () => {}, onChange = () => {} } = {}) {
    this.key = key;
    this.legacyKey = LEGACY_PREFIX + notice;
    this.previousName = previousName;
    this.onWrite = onWrite;
    this.onChange = onChange;
    /** @type {Map<string, Check>} id -> check, in the stored order */
    this.checks = new Map();
    /** @type {Map<string, number>} id -> when it was deleted (ms) */
    this.deleted = new Map();
    /** @type {string | null} */
    this.current = null;
    /** @type {Set<string>} ids changed here and not yet written */
    this.dirty = new Set();
    this.currentDirty = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    /** @type {number | null} */
    this.pendingSince = null;
    this.load();
  }

  // --- reading -------------------------------------------------------------------------
  /**
   * What is stored, taken apart into what this page can use; anything else is left out.
   * @returns {Stored}
   */
  stored() {
    /** @type {Stored} */
    const out = { checks: new Map(), deleted: new Map(), current: null };
    let raw = null;
    try {
      raw = JSON.parse(localStorage.getItem(this.key) || "null");
    } catch { /* storage unavailable or unreadable: as if empty */ }
    if (!isObject(raw)) return out;
    for (const c of Array.isArray(raw.checks) ? raw.checks : []) {
      if (!isObject(c) || typeof c.id !== "string" || typeof c.name !== "string" || !isObject(c.case)) continue;
      const known = out.checks.get(c.id);
      if (!known || time(c.saved) > time(known.saved)) out.checks.set(c.id, /** @type {Check} */ (c));
    }
    if (isObject(raw.deleted)) {
      for (const [id, when] of Object.entries(raw.deleted)) if (time(when)) out.deleted.set(id, time(when));
    }
    if (typeof raw.current === "string") out.current = raw.current;
    return out;
  }

  load() {
    this.merge(this.stored());
    let legacy = null;
    try {
      legacy = JSON.parse(localStorage.getItem(this.legacyKey) || "null");
    } catch { /* unreadable: nothing to take over */ }
    if (!isObject(legacy)) return;
    const check = this.make(this.previousName, legacy);
    this.put(check, { open: !this.current, now: true });
    // Dropped only once it is kept in the new form: a failed write must not lose it.
    if (!this.dirty.size) {
      try { localStorage.removeItem(this.legacyKey); } catch { /* left for the next visit */ }
    }
  }

  /**
   * Brings what is stored into this tab's copy; says whether anything changed here.
   * @param {Stored} stored
   * @returns {boolean}
   */
  merge(stored) {
    let changed = false;
    const deleted = new Map(this.deleted);
    for (const [id, when] of stored.deleted) if (!(/** @type {number} */ (deleted.get(id)) >= when)) deleted.set(id, when);
    /** @type {Map<string, Check>} */
    const checks = new Map();
    /** @type {(id: string, check: Check) => void} */
    const take = (id, check) => {
      const gone = deleted.get(id);
      if (gone && !(time(check.revived) > gone)) return;
      if (gone) deleted.delete(id); // undone after it was deleted
      checks.set(id, check);
    };
    for (const [id, theirs] of stored.checks) {
      const mine = this.checks.get(id);
      const keepMine = mine && this.dirty.has(id) && time(mine.saved) >= time(theirs.saved);
      if (!keepMine) {
        if (!mine || mine.saved !== theirs.saved) changed = true;
        this.dirty.delete(id);
      }
      take(id, keepMine ? mine : theirs);
    }
    for (const [id, mine] of this.checks) {
      if (stored.checks.has(id)) continue;
      // Kept here only if it is this tab's own change not yet written (a new check, an
      // undone deletion); otherwise another tab or the reader removed it.
      if (this.dirty.has(id)) take(id, mine);
      else changed = true;
    }
    for (const id of this.checks.keys()) if (!checks.has(id)) changed = true;
    this.checks = checks;
    this.deleted = deleted;
    if (!this.currentDirty) this.current = stored.current;
    if (this.current !== null && !this.checks.has(this.current)) this.current = null;
    return changed;
  }

  // Another tab wrote: its changes come into this list.
  sync() {
    if (this.merge(this.stored())) this.onChange();
  }

  list() {
    return [...this.checks.values()];
  }

  /** @param {string} id */
  get(id) {
    return this.checks.get(id) || null;
  }

  // --- writing -------------------------------------------------------------------------
  /**
   * A new check, not yet kept.
   * @param {string} name
   * @param {Record<string, unknown>} caseData
   * @returns {Check}
   */
  make(name, caseData) {
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    return { id, name, saved: new Date().toISOString(), case: caseData };
  }

  /**
   * Keeps `check` (its time set to now). `now`: written at once, and returns whether it was;
   * otherwise once typing pauses. `revive`: undoes its deletion. `open`: it becomes the one open.
   * @param {Check} check
   * @param {{ open?: boolean, now?: boolean, revive?: boolean }} [how]
   * @returns {boolean}
   */
  put(check, { open = true, now = false, revive = false } = {}) {
    check.saved = new Date().toISOString();
    if (revive) {
      check.revived = check.saved;
      this.deleted.delete(check.id);
    }
    this.checks.set(check.id, { ...check });
    this.dirty.add(check.id);
    if (open && this.current !== check.id) {
      this.current = check.id;
      this.currentDirty = true;
    }
    return now ? this.flush() : this.later();
  }

  /**
   * Deletes it at once (returns whether that was written) and remembers when.
   * @param {string} id
   */
  remove(id) {
    this.checks.delete(id);
    this.deleted.set(id, Date.now());
    this.dirty.add(id);
    if (this.current === id) this.open(null, false);
    return this.flush();
  }

  /**
   * The check open on this device (none: null).
   * @param {string | null} id
   * @param {boolean} [write] at once
   */
  open(id, write = true) {
    this.current = id && this.checks.has(id) ? id : null;
    this.currentDirty = true;
    return write ? this.flush() : true;
  }

  later() {
    const now = Date.now();
    this.pendingSince ??= now;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), Math.max(0, Math.min(QUIET_MS, this.pendingSince + LONGEST_MS - now)));
    return true;
  }

  /**
   * Writes this tab's changes, merged with what other tabs have stored meanwhile; says
   * whether they were written.
   * @returns {boolean}
   */
  flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingSince = null;
    if (!this.dirty.size && !this.currentDirty) return true;
    const outside = this.merge(this.stored());
    const forget = Date.now() - FORGET_DELETIONS_MS;
    for (const [id, when] of this.deleted) if (when < forget) this.deleted.delete(id);
    const store = {
      checks: this.list(),
      current: this.current,
      deleted: Object.fromEntries([...this.deleted].map(([id, when]) => [id, new Date(when).toISOString()])),
    };
    let ok = true;
    try {
      localStorage.setItem(this.key, JSON.stringify(store));
      this.dirty.clear();
      this.currentDirty = false;
    } catch {
      ok = false; // private mode, full or refused: kept in this tab, tried again at the next change
    }
    this.onWrite(ok);
    if (outside) this.onChange();
    return ok;
  }
}

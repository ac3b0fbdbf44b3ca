// @ts-check
// The checks this device keeps, as the calculator page shows them: which check is on screen
// (a link's, one saved here, or a new one), the list to open another, saving, deleting with
// an undo, and the changes other tabs make (saved-checks.js keeps and merges them).

import { el, fill, listen } from "../shared/dom.js";
import { SavedChecks } from "./saved-checks.js";

/** @typedef {import("./case-values.js").Case} Case */
/** @typedef {import("./saved-checks.js").Check} Check */
/** @typedef {Record<string, string>} Texts */
/**
 * What the view asks of the page: show a case in the form, saying where it comes from (the
 * page lays a link's out as its own, and judges a case entered before at once), returning the
 * names of the fields it could not fill; take in a change (`byUser`: the reader's own), and
 * the case on screen.
 * @typedef {{
 *   show(caseData: Record<string, unknown>, origin: "new" | "link" | "device" | "gone"): string[],
 *   changed(byUser: boolean): void,
 *   caseData(): Case | undefined,
 *   blank(): Case,
 *   form: HTMLFormElement,
 * }} SavedHost
 */

/** @param {string} hash */
const isLink = (hash) => /^#case=/.test(hash);

export class SavedView {
  /**
   * @param {HTMLElement} root the calculator's element
   * @param {{ saved: Texts, listSeparator: string }} labels
   * @param {number} notice
   * @param {{ storeKey(notice: number): string, decodeCase(hash: string): Record<string, unknown> | null }} links
   * @param {SavedHost} host
   */
  constructor(root, labels, notice, links, host) {
    this.root = root;
    this.L = labels.saved;
    this.listSeparator = labels.listSeparator;
    this.links = links;
    this.host = host;
    /** @type {Check | null} the saved check on screen (a copy), or null for one not saved */
    this.check = null;
    /**
     * "new" (saved on the first change), "link" (saved only when asked), "device", or "gone"
     * (deleted in another tab while shown here: saved only when asked, as a new check)
     * @type {"new" | "link" | "device" | "gone"}
     */
    this.origin = "new";
    this.failing = false; // the last write to this device's storage failed
    this.goneName = "";
    this.listShown = "";
    // Made last: bringing an older saved check up to date writes, and a refused write is
    // remembered (this.failing) for the line the page shows once it starts.
    this.store = new SavedChecks(notice, links.storeKey(notice), this.L.previous, {
      onWrite: (ok) => this.wrote(ok),
      onChange: () => this.store && this.followOthers(), // (not while the store is being made)
    });
  }

  // The page's listeners: its controls, shared links, and other tabs.
  start() {
    const on = listen(this.root);
    on("#saved-list", "change", (event) => {
      const value = /** @type {HTMLSelectElement} */ (event.target).value;
      return value ? this.openSaved(value) : this.newCheck();
    });
    on("#new-check", "click", () => this.newCheck());
    on("#save-check", "click", () => this.save());
    on("#delete-check", "click", () => this.remove());
    on("#check-name", "change", () => this.check && this.save());
    // Opening another shared link in this tab changes only the address's #case= part.
    this.onHash = () => isLink(location.hash) && this.openLink();
    window.addEventListener("hashchange", this.onHash);
    // Other tabs' changes to the saved checks come in as they are written; this tab's pending
    // edits are written before it is hidden or left.
    this.onStorage = (/** @type {StorageEvent} */ event) => (event.key === null || event.key === this.store.key) && this.store.sync();
    this.onHide = () => document.visibilityState === "hidden" && this.store.flush();
    this.onLeave = () => this.store.flush();
    this.onBack = (/** @type {PageTransitionEvent} */ event) => event.persisted && this.store.sync(); // back from the history cache: it missed them
    window.addEventListener("storage", this.onStorage);
    document.addEventListener("visibilitychange", this.onHide);
    window.addEventListener("pagehide", this.onLeave);
    window.addEventListener("pageshow", this.onBack);
  }

  detach() {
    if (this.onHash) window.removeEventListener("hashchange", this.onHash);
    if (this.onStorage) window.removeEventListener("storage", this.onStorage);
    if (this.onHide) document.removeEventListener("visibilitychange", this.onHide);
    if (this.onLeave) window.removeEventListener("pagehide", this.onLeave);
    if (this.onBack) window.removeEventListener("pageshow", this.onBack);
    this.store.flush();
  }

  // --- which check is on screen: a link's, one saved on this device, or a new one --------
  /** Opens the page's first check; says whether it is a shared link's. */
  openInitial() {
    if (isLink(location.hash) && this.openLink(false)) return true;
    const check = this.store.current && this.store.get(this.store.current);
    if (check) this.use(check, "device");
    else this.use(null, "new");
    if (isLink(location.hash)) this.say(this.L.damaged); // said after use() set its line
    return false;
  }

  /**
   * A link never replaces a saved check: it opens as a new check, saved only when asked.
   * @param {boolean} [update] the page takes the change in (not while it starts)
   */
  openLink(update = true) {
    const shared = this.links.decodeCase(location.hash);
    if (!shared) {
      this.say(this.L.damaged);
      return false;
    }
    this.use(null, "link", shared);
    if (update) this.host.changed(false);
    return true;
  }

  /**
   * @param {Check | null} check
   * @param {SavedView["origin"]} origin
   * @param {Record<string, unknown>} [caseData]
   */
  use(check, origin, caseData = check ? check.case : this.host.blank()) {
    this.check = check ? { ...check } : null;
    this.origin = origin;
    const unread = this.host.show(caseData, origin);
    if (!unread.length) return this.showSaved();
    const fields = unread.map((name) => `「${name}」`).join(this.listSeparator);
    this.showSaved(check ? fill(this.L.unreadSaved, { name: check.name, fields }) : fill(this.L.unreadLink, { fields }));
  }

  /** @param {string} id */
  openSaved(id) {
    const check = this.store.get(id);
    if (!check) return this.newCheck();
    this.store.open(id);
    this.clearLink();
    this.use(check, "device");
    this.host.changed(false);
  }

  newCheck() {
    this.store.open(null);
    this.clearLink();
    this.use(null, "new");
    this.host.changed(false);
  }

  save() {
    const L = this.L;
    const typed = /** @type {HTMLInputElement} */ (this.root.querySelector("#check-name")).value.trim();
    const caseData = /** @type {Case} */ (this.host.caseData());
    if (!this.check) {
      const name = typed || fill(L.defaultName, { n: this.store.list().length + 1 });
      this.check = this.store.make(name, caseData);
      this.origin = "device";
      this.clearLink();
    } else if (typed) this.check.name = typed;
    this.check.case = caseData;
    const ok = this.store.put(this.check, { now: true });
    this.showSaved(ok ? fill(L.savedAs, { name: this.check.name }) : L.notSaved);
  }

  // Deleting takes effect at once and can be undone from the message it leaves.
  remove() {
    const L = this.L;
    const check = this.check;
    const shown = { case: /** @type {Case} */ (this.host.caseData()), origin: this.origin };
    const ok = check ? this.store.remove(check.id) : true;
    this.newCheck();
    const undo = el("button", { type: "button", class: "md-button undo" }, L.undo);
    undo.addEventListener("click", () => {
      if (check) {
        const kept = this.store.put(check, { now: true, revive: true });
        this.use(check, "device");
        if (!kept) return this.host.changed(false);
      } else this.use(null, shown.origin === "device" ? "new" : shown.origin, shown.case);
      this.host.changed(false);
      this.say(check ? fill(L.restored, { name: check.name }) : L.restoredUnsaved);
    });
    if (!ok) this.say(fill(L.notDeleted, { name: check?.name }), undo);
    else this.say(check ? fill(L.deleted, { name: check.name }) : L.deletedUnsaved, undo);
  }

  clearLink() {
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }

  /** @param {string} [message] in place of the usual line */
  showSaved(message) {
    const L = this.L;
    this.showList();
    /** @type {HTMLInputElement} */ (this.root.querySelector("#check-name")).value = this.check ? this.check.name : "";
    /** @type {HTMLButtonElement} */ (this.root.querySelector("#delete-check")).disabled =
      !this.check && !["link", "gone"].includes(this.origin) && !this.hasContent();
    this.say(message || (this.failing ? L.notSaved
      : this.check ? fill(L.editing, { name: this.check.name })
        : this.origin === "link" ? L.fromLink
          : this.origin === "gone" ? fill(L.deletedElsewhere, { name: this.goneName }) : L.fresh));
  }

  // Rebuilt only when the checks or their names changed: another tab writes every pause in
  // its typing, and a list open in this tab should not close under the reader.
  showList() {
    const list = /** @type {HTMLSelectElement} */ (this.root.querySelector("#saved-list"));
    const checks = this.store.list();
    const shown = JSON.stringify(checks.map((c) => [c.id, c.name]));
    if (shown !== this.listShown) {
      this.listShown = shown;
      list.replaceChildren(el("option", { value: "" }, this.L.new),
        ...checks.map((c) => el("option", { value: c.id }, c.name)));
    }
    list.value = this.check ? this.check.id : "";
  }

  /**
   * @param {string} text
   * @param {...Node} extra
   */
  say(text, ...extra) {
    const status = /** @type {HTMLElement} */ (this.root.querySelector("#saved-status"));
    status.replaceChildren(el("span", { class: "saved-text" }, text), ...extra);
    // Nothing saved is worth more than the usual grey line: the reader may be about to leave.
    status.classList.toggle("saved-failed", Boolean(this.failing));
  }

  /**
   * Every write to this device's storage ends here: a failure is said at once (never
   * 「已保存」 when nothing was), and the usual line comes back once a write succeeds.
   * @param {boolean} ok
   */
  wrote(ok) {
    if (!ok) {
      this.failing = true;
      this.say(this.L.notSaved);
    } else if (this.failing) {
      this.failing = false;
      this.showSaved();
    }
  }

  // Another tab changed the saved checks: the list follows; the check on screen is shown as
  // that tab left it, or, if that tab deleted it, stays on screen as not saved.
  followOthers() {
    const L = this.L;
    const kept = this.check && this.store.get(this.check.id);
    if (this.check && !kept) {
      this.goneName = this.check.name;
      this.check = null;
      this.origin = "gone";
      this.showSaved();
    } else if (kept && kept.saved !== this.check?.saved) {
      // The reader's place in the form is kept: the same field keeps the focus.
      const form = this.host.form;
      const active = /** @type {HTMLElement} */ (document.activeElement);
      const field = form.contains(active) && !active.closest(".saved-checks") ? active.dataset.field || active.id : null;
      this.use(kept, "device");
      this.host.changed(false);
      if (field) /** @type {HTMLElement | null} */ (form.querySelector(`[data-field="${CSS.escape(field)}"], #${CSS.escape(field)}`))?.focus({ preventScroll: true });
      this.say(fill(L.updatedElsewhere, { name: kept.name }));
    } else this.showList();
  }

  hasContent() {
    const caseData = this.host.caseData();
    return Boolean(caseData && (caseData.records.length || caseData.purpose !== "annual"));
  }

  /**
   * A new check is kept from its first change; a saved one on every change (written once
   * typing pauses); a link's, or one deleted in another tab, only when the reader saves it.
   * @param {boolean} byUser
   */
  remember(byUser) {
    if (!byUser) return; // opening a check, or the engine's answer, changes nothing kept
    const caseData = /** @type {Case} */ (this.host.caseData());
    if (this.check) {
      this.check.case = caseData;
      this.store.put(this.check);
    } else if (this.origin === "new") {
      const n = this.store.list().length + 1;
      this.check = this.store.make(fill(this.L.defaultName, { n }), caseData);
      this.origin = "device";
      this.store.put(this.check, { now: true });
      this.showSaved();
    }
  }
}

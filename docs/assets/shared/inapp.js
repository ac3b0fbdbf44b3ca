// @ts-check
// Chat apps' own browsers (WeChat above all, where most readers open a shared link) show
// pages but drop file downloads without a word, and often refuse the clipboard API. Both
// pages ask here whether a download can work, and otherwise show what to do and the
// content as text to copy. No Chinese here: every text comes from a page's labels.

import { el } from "./dom.js";

/**
 * The apps whose browsers cannot download, by what their user agent carries. QQ's own app
 * writes " QQ/<version>"; QQ Browser (MQQBrowser), a browser that downloads, does not.
 * @type {[string, RegExp][]}
 */
const APPS = [
  ["wechat", /MicroMessenger/i],
  ["qq", /\sQQ\/\d/],
  ["alipay", /AlipayClient/i],
  ["dingtalk", /DingTalk/i],
  ["weibo", /Weibo/i],
];

/**
 * Which app's browser the page is in (`wechat`, `qq`, `alipay`, `dingtalk`, `weibo`), or null
 * in a browser of its own.
 * @param {string} [userAgent]
 * @returns {string | null}
 */
export function inAppBrowser(userAgent = globalThis.navigator?.userAgent || "") {
  for (const [app, pattern] of APPS) if (pattern.test(userAgent)) return app;
  return null;
}

/**
 * The texts of the message and the copy box (labels.py, IN_APP).
 * @typedef {{ apps: Record<string, string>, download: string, print: string, copy: string,
 *   copied: string, selected: string, textLabel: string }} InAppLabels
 */

/**
 * Puts `text` on the clipboard: the clipboard API where the browser grants it, else the
 * selection of `box` (a textarea holding the text) copied the old way. False when neither
 * worked: the text is then left selected in `box`, for the reader's own long press.
 * @param {string} text
 * @param {HTMLTextAreaElement | null} [box]
 * @returns {Promise<boolean>}
 */
export async function copyText(text, box = null) {
  if (globalThis.navigator?.clipboard && globalThis.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // refused (no permission, page not focused): the selection below may still work
    }
  }
  if (!box) return false;
  box.focus();
  box.select();
  box.setSelectionRange(0, box.value.length); // iOS selects nothing with select() alone
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

/**
 * A box with `text` to copy: the text (read-only, so a phone opens no keyboard), a 「複製」
 * button, and a line saying whether it was copied.
 * @param {string} text
 * @param {InAppLabels} L
 * @returns {HTMLElement}
 */
export function copyBox(text, L) {
  const rows = String(Math.min(8, Math.max(3, text.split("\n").length)));
  const area = el("textarea", { class: "copy-box-text", readonly: "", rows, "aria-label": L.textLabel });
  area.value = text;
  const said = el("span", { class: "copy-box-said", role: "status" });
  const button = el("button", { type: "button", class: "md-button copy-box-copy" }, L.copy);
  button.addEventListener("click", async () => {
    said.textContent = (await copyText(text, area)) ? L.copied : L.selected;
  });
  return el("div", { class: "copy-box" }, area, el("p", {}, button, " ", said));
}

/**
 * What the page says where a download (or printing) cannot work in this app's browser:
 * open the page in a browser, or copy the content here.
 * @param {string} app what `inAppBrowser` returned
 * @param {"download" | "print"} what
 * @param {string} text the content, to copy instead
 * @param {InAppLabels} L
 * @param {string} [about] what the text is, where the message alone does not say
 * @returns {HTMLElement}
 */
export function inAppNotice(app, what, text, L, about = "") {
  const said = L[what].replace("{app}", L.apps[app] || "");
  return el("div", { class: "in-app-notice", "data-app": app }, el("p", {}, said),
    ...(about ? [el("p", { class: "hint" }, about)] : []), copyBox(text, L));
}

/**
 * Offers `blob` as a file named `name`, as a download of the page (no server involved).
 * @param {Blob} blob
 * @param {string} name
 */
export function saveFile(blob, name) {
  const href = URL.createObjectURL(blob);
  const link = el("a", { href, download: name, hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers start reading the address after click() returns.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

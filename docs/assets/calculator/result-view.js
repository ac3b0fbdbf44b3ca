// The result of one case, as a reader acts on it (CONTRACT.md "A result"): the status in
// plain words, what is still to do and by when, what can no longer be made up and whom to
// ask, then each year's hours and the clause-by-clause notes. No Chinese here: every text is
// one of the page's labels (calculator_page.py).

export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
}

export function formatDate(iso, L) {
  const [y, m, d] = iso.split("-").map(Number);
  return fill(L.date, { y, m, d });
}

const SUBJECTS = ["public", "professional"];

// The result's nodes. `notice`: the notice's year (its own hours, against make-up years);
// `clauseHref(id)`: where a clause's text is.
export function renderResult(result, L, { notice, clauseHref, platformsHref }) {
  const shown = result.display;
  const parts = [
    el("p", { class: `result-status status-${result.status}` }, L.status[result.status]),
    el("p", { class: "result-lead" }, L.statusHelp[result.status]),
  ];
  const focus = shown.focus_year;
  if (shown.any_one && result.required_years.length > 1) {
    parts.push(el("p", { class: "result-any-one" }, L.anyOne, focus ? " " + fill(L.anyOneFocus, { year: focus }) : ""));
  }
  if (result.status === "not_met") {
    if (result.still_possible === false) parts.push(el("p", { class: "result-not-possible" }, L.notPossible));
    const missing = SUBJECTS.filter((s) => shown.shortfall[s] !== "0")
      .map((s) => fill(L.shortfallPart, { subject: L.subject[s], hours: shown.shortfall[s] }));
    parts.push(el("p", { class: "result-shortfall" }, fill(L.shortfall, { parts: missing.join(L.listSeparator) })));
    parts.push(...todo(shown.to_study || [], L, notice, platformsHref));
    parts.push(...closed(shown.closed || [], L, platformsHref));
  }
  const table = yearsTable(result, L, focus);
  if (table) parts.push(table);
  const next = L.next[result.status];
  if (next) parts.push(el("p", { class: "result-next" }, next));
  parts.push(el("h3", {}, L.notesTitle));
  parts.push(el("ul", { class: "result-notes" }, ...result.notes.map((note) => el("li", {},
    el("a", { href: clauseHref(note.clause) }, L.clauseLabels[note.clause] || note.clause), " ", note.text))));
  return parts;
}

// 「2025年11月30日前：2025年度專業科目還要學 20 學時；補學2023年度公需科目 10 學時」, a line per date.
function todo(items, L, notice, platformsHref) {
  if (!items.length) return [];
  const byDate = new Map();
  const own = (item) => (item.year === notice ? 0 : 1); // the year's own hours first, then make-up
  for (const item of [...items].sort((a, b) => own(a) - own(b) || a.year - b.year)) {
    const text = fill(item.year === notice ? L.todoOwn : L.todoMakeUp,
      { year: item.year, subject: L.subject[item.subject], hours: item.hours });
    byDate.set(item.by, [...(byDate.get(item.by) || []), text]);
  }
  const lines = [...byDate].map(([by, texts]) => el("li", {},
    by ? el("strong", {}, fill(L.todoBy, { date: formatDate(by, L) })) : "", texts.join(L.todoSeparator)));
  return [el("h3", {}, L.todoTitle), el("ul", { class: "result-todo" }, ...lines),
    el("p", { class: "hint" }, L.todoHow, " ", el("a", { href: platformsHref }, L.platformsLink))];
}

function closed(items, L, platformsHref) {
  if (!items.length) return [];
  return [
    el("h3", {}, L.closedTitle),
    el("ul", { class: "result-closed" }, ...items.map((item) => el("li", {},
      fill(L.closedItem, { year: item.year, subject: L.subject[item.subject], hours: item.hours, why: item.why })))),
    el("p", { class: "hint" }, L.closedAsk, el("a", { href: platformsHref }, L.platformsLink)),
  ];
}

// Each year checked (and each make-up year with records): credited / required per subject.
// Under the one-year rule, the years not to finish are "not needed", not failures.
function yearsTable(result, L, focus) {
  const shown = result.display;
  const rows = [];
  const anyMet = Object.values(result.years).some((y) => y.met);
  for (const [year, row] of Object.entries(result.years)) {
    let state = row.met ? L.yearMet : L.yearNotMet;
    let kind = row.met ? "year-met" : "year-not-met";
    if (shown.any_one && !row.met && (anyMet || (focus && String(focus) !== year))) [state, kind] = [L.yearNotNeeded, "year-not-needed"];
    else if (shown.any_one && !row.met && focus && String(focus) === year) [state, kind] = [L.yearFocus, "year-focus"];
    rows.push(yearRow(fill(L.year, { year }), shown.years[year], state, kind, L));
  }
  for (const [year, row] of Object.entries(result.make_up_years || {})) {
    rows.push(yearRow(fill(L.makeUpYear, { year }), shown.make_up_years[year], row.met ? L.yearMet : L.yearNotMet,
      row.met ? "year-met" : "year-not-met", L));
  }
  if (!rows.length) return null;
  const head = el("tr", {}, el("th", { scope: "col" }, ""),
    ...SUBJECTS.map((s) => el("th", { scope: "col" }, L.subject[s])), el("th", { scope: "col" }, ""));
  return el("table", { class: "result-years" }, el("caption", {}, L.tableCaption), el("thead", {}, head), el("tbody", {}, ...rows));
}

function yearRow(label, shown, state, kind, L) {
  return el("tr", { class: kind }, el("th", { scope: "row" }, label),
    ...SUBJECTS.map((s) => el("td", {}, `${shown[s].credited}／${shown[s].required}`)), el("td", {}, state));
}

// One line for the phone's status bar: the status and what is missing.
export function summaryLine(result, L) {
  if (result.errors) return [fill(L.bar.errors, { count: result.errors.length }), ""];
  const detail = result.status === "not_met" ? fill(L.bar.shortfall, result.display.shortfall) : "";
  return [L.status[result.status], detail];
}

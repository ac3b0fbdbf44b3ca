// @ts-check
// A deadline as a calendar file (RFC 5545, iCalendar), made in the browser from the result:
// phones and desktop calendars open a .ics and offer to add its event. An all-day event on
// the date, with a reminder some days before. No Chinese here: the texts are the caller's.

const encoder = new TextEncoder();

/**
 * A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks.
 * @param {string} text
 * @returns {string}
 */
export function escapeText(text) {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/**
 * A content line folded at 75 octets (RFC 5545 3.1): each further line starts with a space.
 * Counted in UTF-8 bytes, and never inside a character: a Chinese character is 3 bytes, and
 * a calendar that gets half of one shows a broken character.
 * @param {string} line
 * @returns {string}
 */
export function foldLine(line) {
  const parts = [];
  let part = "";
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    if (size + bytes > limit) {
      parts.push(part);
      part = "";
      size = 0;
      limit = 74; // the leading space of a continuation line is one of its 75 octets
    }
    part += char;
    size += bytes;
  }
  parts.push(part);
  return parts.join("\r\n ");
}

/**
 * YYYY-MM-DD as an iCalendar DATE (YYYYMMDD).
 * @param {string} iso
 */
const icsDate = (iso) => iso.replaceAll("-", "");

/**
 * The day after a YYYY-MM-DD date: an all-day event ends (exclusive) the next day.
 * @param {string} iso
 * @returns {string}
 */
export function nextDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d + 1));
  return day.toISOString().slice(0, 10);
}

/**
 * A UTC time as an iCalendar DATE-TIME (YYYYMMDDTHHMMSSZ).
 * @param {Date} time
 */
const icsStamp = (time) => time.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

/**
 * An event of one day.
 * @typedef {{
 *   date: string,
 *   summary: string,
 *   description?: string,
 *   url?: string,
 *   uid: string,
 *   stamp?: Date,
 *   remindDaysBefore?: number,
 *   reminder?: string,
 * }} DayEvent
 */

/**
 * The .ics text of one all-day event, CRLF line endings, lines folded at 75 octets.
 * `uid` names the event for good: the same deadline added twice replaces itself rather
 * than appearing twice in a calendar that honours UID.
 * @param {DayEvent} event
 * @returns {string}
 */
export function icsText(event) {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//alxa-ce//deadline//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${icsStamp(event.stamp || new Date())}`,
    `DTSTART;VALUE=DATE:${icsDate(event.date)}`,
    `DTEND;VALUE=DATE:${icsDate(nextDay(event.date))}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  lines.push("TRANSP:TRANSPARENT"); // a reminder, not a meeting: the day is not shown as busy
  if (event.remindDaysBefore) {
    lines.push("BEGIN:VALARM", "ACTION:DISPLAY", `TRIGGER:-P${event.remindDaysBefore}D`,
      `DESCRIPTION:${escapeText(event.reminder || event.summary)}`, "END:VALARM");
  }
  lines.push("END:VEVENT", "END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

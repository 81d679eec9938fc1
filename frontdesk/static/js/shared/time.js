// Times: the server sends ISO 8601 in UTC; people see UK time.

const LONDON = "Europe/London";
const clockFormat = new Intl.DateTimeFormat("en-GB", {timeZone: LONDON, hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
const dayFormat = new Intl.DateTimeFormat("en-GB", {timeZone: LONDON, day: "numeric", month: "short", year: "numeric"});
const longDayFormat = new Intl.DateTimeFormat("en-GB", {timeZone: LONDON, day: "numeric", month: "long", year: "numeric"});
const isoDayFormat = new Intl.DateTimeFormat("en-GB", {timeZone: LONDON, year: "numeric", month: "2-digit", day: "2-digit"});

// A time from the server as a Date, or null when there is none (or it is not a time).
export function parseTime(iso) {
  if (!iso) return null;
  let text = String(iso);
  if (/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)) text += "Z";  // no offset given: it is UTC
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export const formatClock = (date) => clockFormat.format(date);        // "14:05"
export const formatDay = (date) => dayFormat.format(date);            // "25 Nov 2026"
export const formatLongDay = (date) => longDayFormat.format(date);    // "25 November 2026"

export function isoDay(date) {  // "2026-11-25", the day in the UK
  const parts = {};
  for (const part of isoDayFormat.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

// The same for a time from the server, "" when there is none.
export function clock(iso) { const t = parseTime(iso); return t ? formatClock(t) : ""; }
export function day(iso) { const t = parseTime(iso); return t ? formatDay(t) : ""; }
export function dayAndClock(iso) { const t = parseTime(iso); return t ? formatDay(t) + ", " + formatClock(t) : ""; }

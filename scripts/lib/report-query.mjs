// The pure part of show-reports: reading time arguments, building the table filter, keeping the newest
// rows, and formatting them. No I/O here, so it is tested without storage.
import { UsageError } from './storage.mjs';

const units = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/**
 * A point in time from a duration back from now ("30m", "24h", "7d") or a UTC date/time
 * ("2026-11-22", "2026-11-22T08:00", "2026-11-22T08:00:00Z", "…+01:00"). A time without zone is UTC.
 */
export function parseWhen(text, now = new Date(), name = '--since') {
  const duration = /^(\d+)([smhdw])$/.exec(text);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * units[duration[2]]);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return checked(new Date(`${text}T00:00:00Z`), text, name);
  const time = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?$/i.exec(text);
  if (time) return checked(new Date(`${time[1]}T${time[2]}${time[3] ?? 'Z'}`), text, name);
  throw new UsageError(`${name}: '${text}' is neither a duration (30m, 24h, 7d) nor a UTC date or time (2026-11-22, 2026-11-22T08:00)`);
}

function checked(date, text, name) {
  if (Number.isNaN(date.getTime())) throw new UsageError(`${name}: '${text}' is not a valid date`);
  return date;
}

const typePattern = /^[a-z0-9-]{1,64}$/; // RecordKeys: lowercase letters, digits, hyphens
const sitePattern = /^[A-Za-z0-9._-]{1,64}$/;
const day = (date) => date.toISOString().slice(0, 10);
// OData literals: dates as datetime'…', strings with single quotes doubled.
const odataTime = (date) => `datetime'${date.toISOString()}'`;
const odataString = (text) => `'${text.replace(/'/g, "''")}'`;

/**
 * The server-side filter for rows received in [since, until), optionally of one type (which narrows the
 * read to that type's day partitions, `<type>_<yyyy-MM-dd>`) and one site tag.
 */
export function buildFilter({ since, until, type, site }) {
  if (until <= since) throw new UsageError(`--until (${until.toISOString()}) must be later than --since (${since.toISOString()})`);
  const parts = [];
  if (type !== undefined) {
    if (!typePattern.test(type)) throw new UsageError(`--type: '${type}' is not a report type slug (e.g. csp-violation, network-error)`);
    parts.push(`PartitionKey ge ${odataString(`${type}_${day(since)}`)}`, `PartitionKey le ${odataString(`${type}_${day(until)}`)}`);
  }
  parts.push(`ReceivedAt ge ${odataTime(since)}`, `ReceivedAt lt ${odataTime(until)}`);
  if (site !== undefined) {
    if (!sitePattern.test(site)) throw new UsageError(`--site: '${site}' is not a site tag (letters, digits, '.', '_', '-', up to 64)`);
    parts.push(`Site eq ${odataString(site)}`);
  }
  return parts.join(' and ');
}

const time = (row) => (row.ReceivedAt instanceof Date ? row.ReceivedAt.getTime() : Date.parse(row.ReceivedAt ?? '') || 0);

/** Keeps the newest `limit` rows (0 = all) while rows stream in; memory stays O(limit). */
export class Newest {
  constructor(limit) {
    this.limit = limit;
    this.rows = [];
    this.count = 0;
  }

  add(row) {
    this.count++;
    this.rows.push(row);
    if (this.limit > 0 && this.rows.length >= 2 * this.limit) this.#trim();
  }

  result() {
    this.#trim();
    return this.rows;
  }

  #trim() {
    this.rows.sort((a, b) => time(b) - time(a) || (a.rowKey < b.rowKey ? -1 : 1));
    if (this.limit > 0) this.rows.length = Math.min(this.rows.length, this.limit);
  }
}

const hidden = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp', 'Type', 'Url', 'ReceivedAt', 'Body', 'Raw']);
const isContinuation = (name) => /^(Body|Raw)Part\d+$/.test(name);
const show = (value) => (value instanceof Date ? value.toISOString() : String(value));

/** Lines for one row: when, type, URL, then its other properties; Body and Raw only with `full`. */
export function formatRow(row, { full = false } = {}) {
  const lines = [`${show(row.ReceivedAt)}  ${row.Type}  ${row.Url ?? ''}`.trimEnd()];
  for (const [name, value] of Object.entries(row)) {
    if (hidden.has(name) || name.startsWith('odata') || name.includes('@odata') || isContinuation(name) || value === undefined || value === null) continue;
    lines.push(`  ${name}: ${show(value)}`);
  }
  if (full) {
    lines.push(`  Body: ${joinParts(row, 'Body')}`);
    lines.push(`  Raw: ${joinParts(row, 'Raw')}`);
  }
  return lines;
}

/** A row as plain JSON: keys first, dates as ISO strings, Body/Raw continuations joined. */
export function rowToJson(row) {
  const json = { partitionKey: row.partitionKey, rowKey: row.rowKey };
  for (const [name, value] of Object.entries(row)) {
    if (name === 'partitionKey' || name === 'rowKey' || name === 'etag' || name.startsWith('odata') || name.includes('@odata') || isContinuation(name)) continue;
    json[name] = name === 'Body' || name === 'Raw' ? joinParts(row, name) : plain(value);
  }
  return json;
}

// Int64 properties arrive as BigInt, which JSON cannot hold: a number when exact, else a string.
function plain(value) {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}

// Strings over the table's 32 K-character limit continue in BodyPart2, BodyPart3, …
function joinParts(row, name) {
  let text = row[name] ?? '';
  for (let i = 2; row[`${name}Part${i}`] !== undefined; i++) text += row[`${name}Part${i}`];
  return text;
}

/** The closing line of the text output. */
export function summary({ count, shown, since, until, type, site }) {
  const what = [type && `of type ${type}`, site && `from site ${site}`].filter(Boolean).join(' ');
  const range = `received ${since.toISOString()} .. ${until.toISOString()} (UTC)`;
  const showing = count === 0 ? '' : shown < count ? `; showing the newest ${shown}` : '; newest first';
  return `${count} row(s)${what ? ' ' + what : ''} ${range}${showing}.`;
}

/**
 * When `--type` found nothing: the types that do have reports in the window (from the digest, one small
 * partition per day) and look like what was typed, e.g. `csp` → `csp-violation`. Empty when nothing fits.
 */
export function similarTypes(typed, present) {
  const t = typed.toLowerCase();
  return [...new Set(present)].filter((p) => p !== typed && (p.includes(t) || t.includes(p))).sort();
}

/** The UTC days (yyyy-MM-dd) from `since` to `until`, at most `max` of them, newest first. */
export function daysOf(since, until, max = 62) {
  const days = [];
  for (let d = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate())); d >= new Date(since.toISOString().slice(0, 10)) && days.length < max; d = new Date(d.getTime() - 86400000))
    days.push(d.toISOString().slice(0, 10));
  return days;
}

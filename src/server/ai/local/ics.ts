import type { Address } from "@/server/channels/types";

// The first event of a text/calendar part (RFC 5545), enough to suggest it: summary,
// start and end as instants, location, organizer and attendees. Times in a TZID are
// converted with the runtime's IANA database; Outlook's Windows zone names are mapped;
// a zone known only from the part's VTIMEZONE uses its standard offset.

export type IcsEvent = {
  method: string | null;
  summary: string | null;
  start: Date | null;
  end: Date | null;
  allDay: boolean;
  location: string | null;
  /** IANA zone or "+02:00"-style offset of DTSTART; "UTC" for Z times. */
  timezone: string | null;
  organizer: Address | null;
  attendees: Address[];
  status: string | null;
};

type Property = { name: string; params: Record<string, string>; value: string };

/** Unfolded content lines of the part. */
function contentLines(ics: string): string[] {
  return ics.replace(/\r\n?/g, "\n").replace(/\n[ \t]/g, "").split("\n");
}

function parseProperty(line: string): Property | null {
  // NAME;PARAM=VALUE;PARAM="QUOTED:VALUE":VALUE
  let i = 0;
  let inQuotes = false;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === ":" && !inQuotes) break;
  }
  if (i >= line.length) return null;
  const head = line.slice(0, i);
  const value = line.slice(i + 1);
  const [name = "", ...rawParams] = head.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const params: Record<string, string> = {};
  for (const raw of rawParams) {
    const eq = raw.indexOf("=");
    if (eq > 0) params[raw.slice(0, eq).toUpperCase()] = raw.slice(eq + 1).replace(/^"|"$/g, "");
  }
  return { name: name.toUpperCase(), params, value };
}

const unescapeText = (value: string) =>
  value.replace(/\\n/gi, "\n").replace(/\\([,;\\])/g, "$1").trim();

// Outlook writes Windows zone names as TZIDs.
const WINDOWS_ZONES: Record<string, string> = {
  "pacific standard time": "America/Los_Angeles",
  "mountain standard time": "America/Denver",
  "us mountain standard time": "America/Phoenix",
  "central standard time": "America/Chicago",
  "eastern standard time": "America/New_York",
  "atlantic standard time": "America/Halifax",
  "alaskan standard time": "America/Anchorage",
  "hawaiian standard time": "Pacific/Honolulu",
  "gmt standard time": "Europe/London",
  "greenwich standard time": "Atlantic/Reykjavik",
  "w. europe standard time": "Europe/Berlin",
  "romance standard time": "Europe/Paris",
  "central europe standard time": "Europe/Budapest",
  "central european standard time": "Europe/Warsaw",
  "e. europe standard time": "Europe/Chisinau",
  "fle standard time": "Europe/Kiev",
  "gtb standard time": "Europe/Bucharest",
  "russian standard time": "Europe/Moscow",
  "india standard time": "Asia/Kolkata",
  "china standard time": "Asia/Shanghai",
  "tokyo standard time": "Asia/Tokyo",
  "korea standard time": "Asia/Seoul",
  "singapore standard time": "Asia/Singapore",
  "aus eastern standard time": "Australia/Sydney",
  "e. south america standard time": "America/Sao_Paulo",
  "sa pacific standard time": "America/Bogota",
  "utc": "UTC",
};

function ianaZone(tzid: string): string | null {
  const cleaned = tzid.replace(/^\/+/, "").replace(/^"|"$/g, "").trim();
  const candidates = [cleaned, WINDOWS_ZONES[cleaned.toLowerCase()]];
  for (const zone of candidates) {
    if (!zone) continue;
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return zone;
    } catch {
      // not a zone this runtime knows
    }
  }
  return null;
}

/** Minutes east of UTC of `zone` at the instant `utcGuess`. */
export function zoneOffsetMinutes(zone: string, utcGuess: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcGuess));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return Math.round((asUtc - utcGuess) / 60_000);
}

/** Wall-clock time in an IANA zone → instant (two passes settle DST edges). */
function zonedInstant(wallUtc: number, zone: string): Date {
  let offset = zoneOffsetMinutes(zone, wallUtc);
  offset = zoneOffsetMinutes(zone, wallUtc - offset * 60_000);
  return new Date(wallUtc - offset * 60_000);
}

function parseOffset(value: string): number | null {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(value.trim());
  if (!m) return null;
  return (Number(m[2]) * 60 + Number(m[3])) * (m[1] === "-" ? -1 : 1);
}

const offsetLabel = (minutes: number) =>
  `${minutes < 0 ? "-" : "+"}${String(Math.trunc(Math.abs(minutes) / 60)).padStart(2, "0")}:${String(Math.abs(minutes) % 60).padStart(2, "0")}`;

type Parsed = { date: Date; allDay: boolean; timezone: string | null };

function parseDateTime(prop: Property, vtimezones: Map<string, number>, fallbackOffset: number | null): Parsed | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$/.exec(prop.value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, z] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 12), Number(mi ?? 0), Number(s ?? 0));
  if (h === undefined || prop.params.VALUE === "DATE") {
    return { date: new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), 12)), allDay: true, timezone: null };
  }
  if (z) return { date: new Date(wall), allDay: false, timezone: "UTC" };
  const tzid = prop.params.TZID;
  if (tzid) {
    const zone = ianaZone(tzid);
    if (zone) return { date: zonedInstant(wall, zone), allDay: false, timezone: zone };
    const offset = vtimezones.get(tzid);
    if (offset !== undefined) return { date: new Date(wall - offset * 60_000), allDay: false, timezone: offsetLabel(offset) };
  }
  // Floating time: the writer's offset, else UTC.
  const offset = fallbackOffset ?? 0;
  return { date: new Date(wall - offset * 60_000), allDay: false, timezone: offsetLabel(offset) };
}

/** ISO 8601 duration ("PT1H30M", "P1D") in minutes. */
function durationMinutes(value: string): number | null {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value.trim());
  if (!m) return null;
  const [, , w, d, h, mi] = m;
  return Number(w ?? 0) * 10080 + Number(d ?? 0) * 1440 + Number(h ?? 0) * 60 + Number(mi ?? 0);
}

function addressOf(prop: Property): Address | null {
  const email = prop.value.replace(/^mailto:/i, "").trim();
  if (!email.includes("@")) return null;
  const name = prop.params.CN?.trim() || null;
  return { name: name && name !== email ? name : null, email };
}

/** The first VEVENT of an ICS text, or null when it has none. */
export function parseIcsEvent(ics: string, method: string | null = null, fallbackOffset: number | null = null): IcsEvent | null {
  const lines = contentLines(ics.slice(0, 256 * 1024));
  const vtimezones = new Map<string, number>();
  // VTIMEZONE: remember each zone's STANDARD offset.
  let tzid: string | null = null;
  let inStandard = false;
  for (const line of lines) {
    const prop = parseProperty(line);
    if (!prop) continue;
    if (prop.name === "BEGIN" && prop.value.toUpperCase() === "VTIMEZONE") tzid = null;
    if (prop.name === "TZID" && !inStandard) tzid = prop.value.trim();
    if (prop.name === "BEGIN" && prop.value.toUpperCase() === "STANDARD") inStandard = true;
    if (prop.name === "END" && prop.value.toUpperCase() === "STANDARD") inStandard = false;
    if (inStandard && prop.name === "TZOFFSETTO" && tzid) {
      const offset = parseOffset(prop.value);
      if (offset !== null) vtimezones.set(tzid, offset);
    }
  }

  let inEvent = false;
  let depth = 0;
  const props: Property[] = [];
  let calendarMethod = method;
  for (const line of lines) {
    const prop = parseProperty(line);
    if (!prop) continue;
    if (prop.name === "METHOD" && !calendarMethod) calendarMethod = prop.value.trim().toUpperCase();
    if (prop.name === "BEGIN") {
      if (prop.value.toUpperCase() === "VEVENT" && !inEvent) {
        inEvent = true;
        continue;
      }
      if (inEvent) depth++;
    }
    if (prop.name === "END" && inEvent) {
      if (depth === 0 && prop.value.toUpperCase() === "VEVENT") break;
      depth--;
      continue;
    }
    // Properties of nested VALARMs are not the event's.
    if (inEvent && depth === 0) props.push(prop);
  }
  if (!inEvent) return null;

  const first = (name: string) => props.find((p) => p.name === name);
  const startProp = first("DTSTART");
  const start = startProp ? parseDateTime(startProp, vtimezones, fallbackOffset) : null;
  const endProp = first("DTEND");
  let end = endProp ? (parseDateTime(endProp, vtimezones, fallbackOffset)?.date ?? null) : null;
  const duration = first("DURATION");
  if (!end && start && duration) {
    const minutes = durationMinutes(duration.value);
    if (minutes !== null) end = new Date(start.date.getTime() + minutes * 60_000);
  }
  const summary = first("SUMMARY");
  const location = first("LOCATION");
  const organizer = first("ORGANIZER");
  return {
    method: calendarMethod ?? null,
    summary: summary ? unescapeText(summary.value) || null : null,
    start: start?.date ?? null,
    end,
    allDay: start?.allDay ?? false,
    location: location ? unescapeText(location.value) || null : null,
    timezone: start?.timezone ?? null,
    organizer: organizer ? addressOf(organizer) : null,
    attendees: props.filter((p) => p.name === "ATTENDEE").map(addressOf).filter((a): a is Address => a !== null),
    status: first("STATUS")?.value.trim().toUpperCase() ?? null,
  };
}

import crypto from "node:crypto";
import http from "node:http";
import type net from "node:net";

// A small, stateful Google Calendar v3 for tests: the part of the documented HTTP API Aiva
// uses, with the behaviour the emulator (@inbox-zero/emulate) lacks: events.get/patch,
// sync tokens (nextSyncToken, incremental lists that include cancelled events), 410 Gone
// for an invalidated token, access roles (a reader can't write), scope checks, and errors
// in Google's JSON shape. Recurring events aren't modelled: every event is a single event.
//
//   GET    /calendar/v3/users/me/calendarList                 calendarList.list
//   GET    /calendar/v3/calendars/{calendarId}/events          events.list
//   POST   /calendar/v3/calendars/{calendarId}/events          events.insert
//   GET    /calendar/v3/calendars/{calendarId}/events/{id}     events.get
//   PATCH  /calendar/v3/calendars/{calendarId}/events/{id}     events.patch
//   PUT    /calendar/v3/calendars/{calendarId}/events/{id}     events.update
//   DELETE /calendar/v3/calendars/{calendarId}/events/{id}     events.delete
//
// Requests are authenticated by `identify(bearerToken)` (the Google emulator's tokeninfo in
// tests/helpers/google-emulator.ts), which names the account and its granted scopes.

export type FakeIdentity = { email: string; scopes: string[] };

export type FakeCalendarInput = {
  id: string;
  summary: string;
  primary?: boolean;
  accessRole?: "owner" | "writer" | "reader" | "freeBusyReader";
  backgroundColor?: string;
  foregroundColor?: string;
  timeZone?: string;
};

type DateTimeField = { date?: string; dateTime?: string; timeZone?: string };
type Attendee = { email: string; displayName?: string; responseStatus?: string; organizer?: boolean; self?: boolean; resource?: boolean; optional?: boolean };

export type FakeEvent = {
  kind: "calendar#event";
  id: string;
  etag: string;
  status: "confirmed" | "tentative" | "cancelled";
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  start?: DateTimeField;
  end?: DateTimeField;
  organizer?: { email: string; displayName?: string; self?: boolean };
  creator?: { email: string; self?: boolean };
  attendees?: Attendee[];
  iCalUID: string;
  sequence: number;
};

type StoredEvent = FakeEvent & { seq: number };
type Calendar = Required<Omit<FakeCalendarInput, "backgroundColor" | "foregroundColor">> & {
  backgroundColor?: string;
  foregroundColor?: string;
  owner: string;
  events: Map<string, StoredEvent>;
};

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  account: string | null;
};

const READ_SCOPES = ["https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/calendar.readonly", "https://www.googleapis.com/auth/calendar.events", "https://www.googleapis.com/auth/calendar.events.readonly"];
const LIST_SCOPES = ["https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/calendar.readonly", "https://www.googleapis.com/auth/calendar.calendarlist.readonly"];
const WRITE_SCOPES = ["https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/calendar.events"];

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

const googleError = (code: number, message: string, reason: string, status: string): Answer => ({
  status: code,
  body: { error: { code, message, errors: [{ domain: "global", reason, message }], status } },
});
const notFound = () => googleError(404, "Not Found", "notFound", "NOT_FOUND");

export type FakeCalendarServer = {
  /** Answers one request (the Google emulator's proxy hands calendar paths here). */
  handle(req: { method: string; url: string; authorization: string | null; body: Buffer }): Promise<Answer>;
  /** Serves `handle` on its own port (for use without the emulator's proxy). */
  listen(): Promise<{ url: string; close(): Promise<void> }>;
  requests: RecordedRequest[];
  addCalendar(owner: string, calendar: FakeCalendarInput): void;
  removeCalendar(owner: string, calendarId: string): void;
  /** Adds or replaces an event as someone editing in Google Calendar would. */
  putEvent(owner: string, calendarId: string, event: Partial<FakeEvent> & { id: string }): FakeEvent;
  /** Cancels (deletes) an event as Google Calendar would: it stays, as `cancelled`, for sync. */
  cancelEvent(owner: string, calendarId: string, eventId: string): void;
  /** Makes every sync token of the calendar expire: the next incremental list answers 410. */
  invalidateSyncTokens(owner: string, calendarId: string): void;
  event(owner: string, calendarId: string, eventId: string): FakeEvent | null;
  events(owner: string, calendarId: string): FakeEvent[];
};

export function createFakeCalendarServer(identify: (token: string) => Promise<FakeIdentity | null>): FakeCalendarServer {
  const accounts = new Map<string, Map<string, Calendar>>();
  const requests: RecordedRequest[] = [];
  /** Global change counter: each write gets the next number; sync tokens remember one. */
  let seq = 0;
  const syncTokens = new Map<string, { owner: string; calendarId: string; seq: number; expired?: boolean }>();
  const pageTokens = new Map<string, { ids: string[]; offset: number; syncSeq: number }>();

  const calendarsOf = (owner: string) => {
    const key = owner.toLowerCase();
    if (!accounts.has(key)) accounts.set(key, new Map());
    return accounts.get(key)!;
  };
  const calendarOf = (owner: string, calendarId: string): Calendar | undefined => {
    const calendars = calendarsOf(owner);
    if (calendarId === "primary") return [...calendars.values()].find((c) => c.primary);
    return calendars.get(calendarId);
  };

  function stamp(event: Omit<StoredEvent, "seq" | "etag" | "updated"> & Partial<StoredEvent>): StoredEvent {
    seq++;
    return { ...event, seq, etag: `"${seq}"`, updated: new Date().toISOString() } as StoredEvent;
  }

  function publicEvent(event: StoredEvent): FakeEvent {
    const { seq: _seq, ...rest } = event;
    if (rest.status === "cancelled") return { kind: rest.kind, id: rest.id, etag: rest.etag, status: "cancelled", updated: rest.updated } as FakeEvent;
    return structuredClone(rest);
  }

  function issueSyncToken(owner: string, calendarId: string, at: number): string {
    const token = `sync_${crypto.randomBytes(9).toString("base64url")}`;
    syncTokens.set(token, { owner: owner.toLowerCase(), calendarId, seq: at });
    return token;
  }

  /** Applies a patch (null removes a field; start/end/organizer objects merge; arrays replace). */
  function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete target[key];
      else if (["start", "end", "organizer"].includes(key) && typeof value === "object" && !Array.isArray(value)) {
        const inner = { ...((target[key] as Record<string, unknown>) ?? {}) };
        merge(inner, value as Record<string, unknown>);
        target[key] = inner;
      } else target[key] = structuredClone(value);
    }
  }

  const startMs = (e: FakeEvent) => Date.parse(e.start?.dateTime ?? `${e.start?.date}T00:00:00Z`);
  const endMs = (e: FakeEvent) => Date.parse(e.end?.dateTime ?? `${e.end?.date}T00:00:00Z`);

  function validTimes(body: Record<string, unknown>): Answer | null {
    const start = body.start as DateTimeField | undefined;
    const end = body.end as DateTimeField | undefined;
    if (!start || !end || (!start.date && !start.dateTime) || (!end.date && !end.dateTime)) {
      return googleError(400, "Missing end time.", "required", "INVALID_ARGUMENT");
    }
    if (Boolean(start.date) !== Boolean(end.date)) return googleError(400, "Invalid start/end: both must be dates or both date-times.", "invalid", "INVALID_ARGUMENT");
    const s = Date.parse(start.dateTime ?? `${start.date}T00:00:00Z`);
    const e = Date.parse(end.dateTime ?? `${end.date}T00:00:00Z`);
    if (Number.isNaN(s) || Number.isNaN(e)) return googleError(400, "Invalid value for: start/end.", "invalid", "INVALID_ARGUMENT");
    if (e < s || (start.date && e <= s)) return googleError(400, "The specified time range is empty.", "timeRangeEmpty", "INVALID_ARGUMENT");
    return null;
  }

  const SEND_UPDATES = new Set(["all", "externalOnly", "none"]);

  async function handle(req: { method: string; url: string; authorization: string | null; body: Buffer }): Promise<Answer> {
    const url = new URL(req.url, "http://fake.calendar");
    const query = Object.fromEntries(url.searchParams);
    let body: unknown = null;
    if (req.body.length > 0) {
      try {
        body = JSON.parse(req.body.toString("utf8"));
      } catch {
        return googleError(400, "Parse Error", "parseError", "INVALID_ARGUMENT");
      }
    }
    const token = req.authorization?.replace(/^Bearer\s+/i, "") ?? "";
    const identity = token ? await identify(token) : null;
    requests.push({ method: req.method, path: url.pathname, query, body, account: identity?.email ?? null });
    if (!identity) return googleError(401, "Request had invalid authentication credentials.", "authError", "UNAUTHENTICATED");
    const allowed = (scopes: string[]) => scopes.some((s) => identity.scopes.includes(s));
    const insufficient = () => googleError(403, "Request had insufficient authentication scopes.", "insufficientPermissions", "PERMISSION_DENIED");
    const me = identity.email.toLowerCase();

    if (req.method === "GET" && /^\/calendar\/v3\/users\/me\/calendarList\/?$/.test(url.pathname)) {
      if (!allowed(LIST_SCOPES)) return insufficient();
      const items = [...calendarsOf(me).values()].map((c) => ({
        kind: "calendar#calendarListEntry",
        etag: `"${c.id}"`,
        id: c.id,
        summary: c.summary,
        timeZone: c.timeZone,
        accessRole: c.accessRole,
        ...(c.primary ? { primary: true } : {}),
        ...(c.backgroundColor ? { backgroundColor: c.backgroundColor } : {}),
        ...(c.foregroundColor ? { foregroundColor: c.foregroundColor } : {}),
        selected: true,
      }));
      return { status: 200, body: { kind: "calendar#calendarList", etag: `"${seq}"`, items } };
    }

    const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!match) return notFound();
    const calendar = calendarOf(me, decodeURIComponent(match[1]!));
    if (!calendar) return notFound();
    const eventId = match[2] ? decodeURIComponent(match[2]) : null;
    const writing = req.method !== "GET";
    if (!allowed(writing ? WRITE_SCOPES : READ_SCOPES)) return insufficient();
    if (writing && calendar.accessRole !== "owner" && calendar.accessRole !== "writer") {
      return googleError(403, "You need to have writer access to this calendar.", "requiredAccessLevel", "PERMISSION_DENIED");
    }
    if (writing && query.sendUpdates !== undefined && !SEND_UPDATES.has(query.sendUpdates)) {
      return googleError(400, "Invalid value for: sendUpdates", "invalidParameter", "INVALID_ARGUMENT");
    }

    // events.list
    if (req.method === "GET" && !eventId) {
      const maxResults = Math.min(Math.max(Number(query.maxResults) || 250, 1), 2500);
      let ids: string[];
      let syncSeq: number;
      let offset = 0;
      if (query.pageToken) {
        const page = pageTokens.get(query.pageToken);
        if (!page) return googleError(400, "Invalid page token value.", "invalid", "INVALID_ARGUMENT");
        ({ ids, offset, syncSeq } = page);
      } else if (query.syncToken) {
        if (query.timeMin || query.timeMax || query.q || query.orderBy || query.updatedMin) {
          return googleError(400, "Sync token cannot be combined with timeMin, timeMax, q, orderBy or updatedMin.", "invalid", "INVALID_ARGUMENT");
        }
        const known = syncTokens.get(query.syncToken);
        if (!known || known.owner !== me || known.calendarId !== calendar.id) {
          return googleError(400, "Invalid sync token value.", "invalid", "INVALID_ARGUMENT");
        }
        if (known.expired) {
          return googleError(410, "Sync token is no longer valid, a full sync is required.", "fullSyncRequired", "GONE");
        }
        syncSeq = seq;
        ids = [...calendar.events.values()].filter((e) => e.seq > known.seq).sort((a, b) => a.seq - b.seq).map((e) => e.id);
      } else {
        const timeMin = query.timeMin ? Date.parse(query.timeMin) : -Infinity;
        const timeMax = query.timeMax ? Date.parse(query.timeMax) : Infinity;
        if (Number.isNaN(timeMin) || Number.isNaN(timeMax)) return googleError(400, "Bad Request", "badRequest", "INVALID_ARGUMENT");
        const showDeleted = query.showDeleted === "true";
        syncSeq = seq;
        ids = [...calendar.events.values()]
          .filter((e) => (showDeleted || e.status !== "cancelled") && (e.status === "cancelled" || (endMs(e) > timeMin && startMs(e) < timeMax)))
          .sort((a, b) => (a.status === "cancelled" ? 0 : startMs(a)) - (b.status === "cancelled" ? 0 : startMs(b)) || a.id.localeCompare(b.id))
          .map((e) => e.id);
      }
      const slice = ids.slice(offset, offset + maxResults);
      const items = slice.map((id) => calendar.events.get(id)).filter((e): e is StoredEvent => Boolean(e)).map(publicEvent);
      const out: Record<string, unknown> = { kind: "calendar#events", summary: calendar.summary, timeZone: calendar.timeZone, updated: new Date().toISOString(), items };
      if (offset + maxResults < ids.length) {
        const next = `page_${crypto.randomBytes(9).toString("base64url")}`;
        pageTokens.set(next, { ids, offset: offset + maxResults, syncSeq });
        out.nextPageToken = next;
      } else {
        out.nextSyncToken = issueSyncToken(me, calendar.id, syncSeq);
      }
      return { status: 200, body: out };
    }

    // events.insert
    if (req.method === "POST" && !eventId) {
      const input = (body ?? {}) as Record<string, unknown>;
      const invalid = validTimes(input);
      if (invalid) return invalid;
      const id = typeof input.id === "string" ? input.id : crypto.randomBytes(13).toString("hex");
      if (!/^[a-v0-9]{5,1024}$/.test(id)) return googleError(400, "Invalid resource id value.", "invalid", "INVALID_ARGUMENT");
      if (calendar.events.has(id)) return googleError(409, "The requested identifier already exists.", "duplicate", "ALREADY_EXISTS");
      const now = new Date().toISOString();
      const event: Record<string, unknown> = {
        kind: "calendar#event",
        id,
        status: "confirmed",
        htmlLink: `https://calendar.example/event?eid=${id}`,
        created: now,
        iCalUID: `${id}@google.com`,
        sequence: 0,
        organizer: { email: calendar.primary ? me : calendar.id, self: true },
        creator: { email: me, self: true },
      };
      const { id: _id, ...rest } = input;
      merge(event, rest);
      if (Array.isArray(event.attendees)) {
        event.attendees = (event.attendees as Attendee[]).map((a) => ({ responseStatus: "needsAction", ...a }));
      }
      const stored = stamp(event as unknown as StoredEvent);
      calendar.events.set(id, stored);
      return { status: 200, body: publicEvent(stored) };
    }

    const existing = eventId ? calendar.events.get(eventId) : undefined;
    if (!existing) return notFound();

    if (req.method === "GET") return { status: 200, body: publicEvent(existing) };

    if (req.method === "PATCH" || req.method === "PUT") {
      if (existing.status === "cancelled" && req.method === "PATCH") return googleError(410, "Resource has been deleted", "deleted", "GONE");
      const input = { ...((body ?? {}) as Record<string, unknown>) };
      delete input.id;
      const next: Record<string, unknown> =
        req.method === "PUT"
          ? { kind: existing.kind, id: existing.id, htmlLink: existing.htmlLink, created: existing.created, iCalUID: existing.iCalUID, organizer: existing.organizer, creator: existing.creator, status: "confirmed" }
          : structuredClone(existing);
      merge(next, input);
      const invalid = validTimes(next);
      if (invalid) return invalid;
      if (Array.isArray(next.attendees)) {
        next.attendees = (next.attendees as Attendee[]).map((a) => ({ responseStatus: "needsAction", ...a }));
      }
      next.sequence = existing.sequence + 1;
      const stored = stamp(next as unknown as StoredEvent);
      calendar.events.set(existing.id, stored);
      return { status: 200, body: publicEvent(stored) };
    }

    if (req.method === "DELETE") {
      if (existing.status === "cancelled") return googleError(410, "Resource has been deleted", "deleted", "GONE");
      calendar.events.set(existing.id, stamp({ ...existing, status: "cancelled", sequence: existing.sequence + 1 }));
      return { status: 204 };
    }
    return googleError(405, "Method not allowed.", "methodNotAllowed", "INVALID_ARGUMENT");
  }

  function requireCalendar(owner: string, calendarId: string): Calendar {
    const calendar = calendarOf(owner, calendarId);
    if (!calendar) throw new Error(`fake calendar: ${owner} has no calendar ${calendarId}`);
    return calendar;
  }

  return {
    handle,
    requests,
    async listen() {
      const server = http.createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const answer = await handle({ method: req.method ?? "GET", url: req.url ?? "/", authorization: req.headers.authorization ?? null, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, { ...(answer.body === undefined ? {} : { "content-type": "application/json; charset=UTF-8" }), ...answer.headers });
        res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return {
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
    addCalendar(owner, input) {
      const calendars = calendarsOf(owner);
      if (input.primary) for (const c of calendars.values()) c.primary = false;
      calendars.set(input.id, {
        id: input.id,
        summary: input.summary,
        primary: input.primary ?? false,
        accessRole: input.accessRole ?? "owner",
        timeZone: input.timeZone ?? "UTC",
        backgroundColor: input.backgroundColor,
        foregroundColor: input.foregroundColor,
        owner: owner.toLowerCase(),
        events: new Map(),
      });
    },
    removeCalendar(owner, calendarId) {
      calendarsOf(owner).delete(calendarId);
    },
    putEvent(owner, calendarId, input) {
      const calendar = requireCalendar(owner, calendarId);
      const before = calendar.events.get(input.id);
      const now = new Date().toISOString();
      const event = stamp({
        kind: "calendar#event",
        status: "confirmed",
        htmlLink: `https://calendar.example/event?eid=${input.id}`,
        created: before?.created ?? now,
        iCalUID: `${input.id}@google.com`,
        sequence: before ? before.sequence + 1 : 0,
        organizer: { email: owner.toLowerCase(), self: true },
        ...structuredClone(input),
      } as StoredEvent);
      calendar.events.set(input.id, event);
      return publicEvent(event);
    },
    cancelEvent(owner, calendarId, eventId) {
      const calendar = requireCalendar(owner, calendarId);
      const event = calendar.events.get(eventId);
      if (!event) throw new Error(`fake calendar: no event ${eventId}`);
      calendar.events.set(eventId, stamp({ ...event, status: "cancelled", sequence: event.sequence + 1 }));
    },
    invalidateSyncTokens(owner, calendarId) {
      const calendar = requireCalendar(owner, calendarId);
      for (const token of syncTokens.values()) {
        if (token.owner === owner.toLowerCase() && token.calendarId === calendar.id) token.expired = true;
      }
    },
    event(owner, calendarId, eventId) {
      const event = calendarOf(owner, calendarId)?.events.get(eventId);
      return event ? publicEvent(event) : null;
    },
    events(owner, calendarId) {
      return [...requireCalendar(owner, calendarId).events.values()].map(publicEvent);
    },
  };
}

import http from "node:http";
import net from "node:net";
import { type Emulator, type SeedConfig, createEmulator } from "@inbox-zero/emulate";
import { type FakeCalendarServer, createFakeCalendarServer } from "../fakes/google-calendar-server";

// A local Google (@inbox-zero/emulate) behind a small proxy. The proxy adds what the
// emulator lacks (users.getProfile) and injects failures Google produces but the emulator
// doesn't (429 with Retry-After, 403 rate limits, 404 for expired history, 401s).
// With `calendar: true`, Calendar API paths (/calendar/v3/...) go to a stateful fake
// (tests/fakes/google-calendar-server.ts: sync tokens, 410, patch, access roles) instead of
// the emulator's thin Calendar; the fake learns who is calling from the emulator's
// tokeninfo, so tokens from the emulator's OAuth work for both.
// Point GOOGLE_API_BASE_URL at `url`. Never talks to the real Google.

export const TEST_CLIENT = {
  clientId: "aiva-test.apps.googleusercontent.com",
  clientSecret: "GOCSPX-aiva-test",
  redirectUri: "http://localhost:3000/api/oauth/google/callback",
};

export type Fault = {
  /** Which requests: method and a test on the path + query. */
  method?: string;
  match: (pathAndQuery: string) => boolean;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail (Infinity: all). */
  times: number;
};

export type GoogleEmulator = {
  /** The proxy's origin: use as GOOGLE_API_BASE_URL. */
  url: string;
  emulator: Emulator;
  /** The fake Calendar API, when started with `calendar: true`. */
  calendar: FakeCalendarServer | null;
  /** Every request the proxy saw: "GET /gmail/v1/users/me/messages?...". */
  requests: string[];
  fail(fault: Fault): void;
  clearFaults(): void;
  /** Signs `email` in through the emulator's consent screen; returns the authorization code. */
  authorize(email: string, scope?: string): Promise<string>;
  close(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const rateLimitBody = (reason: string, code: number) => ({
  error: { code, message: "Rate Limit Exceeded", errors: [{ domain: "usageLimits", reason, message: "Rate Limit Exceeded" }], status: code === 429 ? "RESOURCE_EXHAUSTED" : "PERMISSION_DENIED" },
});

export const faults = {
  rateLimited: (match: Fault["match"], times: number, retryAfterSeconds = 1): Fault => ({
    match,
    times,
    status: 429,
    headers: { "retry-after": String(retryAfterSeconds) },
    body: rateLimitBody("rateLimitExceeded", 429),
  }),
  userRateLimited: (match: Fault["match"], times: number): Fault => ({ match, times, status: 403, body: rateLimitBody("userRateLimitExceeded", 403) }),
  notFound: (match: Fault["match"], times = 1): Fault => ({
    match,
    times,
    status: 404,
    body: { error: { code: 404, message: "Requested entity was not found.", errors: [{ domain: "global", reason: "notFound", message: "Requested entity was not found." }], status: "NOT_FOUND" } },
  }),
  unauthorized: (match: Fault["match"], times: number): Fault => ({
    match,
    times,
    status: 401,
    body: { error: { code: 401, message: "Request had invalid authentication credentials.", errors: [{ domain: "global", reason: "authError", message: "Invalid Credentials" }], status: "UNAUTHENTICATED" } },
  }),
};

export type GoogleEmulatorOptions = {
  /** More redirect URIs for the test client (a browser test's real callback URL). */
  redirectUris?: string[];
  /** A fixed port for the proxy (default: any free one). */
  port?: number;
  /** Serve /calendar/v3 from the stateful fake instead of the emulator. */
  calendar?: boolean;
};

export async function startGoogleEmulator(seed: SeedConfig["google"], options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const emulatorPort = await freePort();
  const emulator = await createEmulator({
    service: "google",
    port: emulatorPort,
    seed: {
      google: {
        ...(seed as Record<string, unknown>),
        oauth_clients: [{ client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret, redirect_uris: [TEST_CLIENT.redirectUri, ...(options.redirectUris ?? [])] }],
      },
    },
  });
  const upstream = `http://127.0.0.1:${emulatorPort}`;
  const requests: string[] = [];
  let active: Fault[] = [];
  const calendar = options.calendar
    ? createFakeCalendarServer(async (token) => {
        const answer = await fetch(`${upstream}/oauth2/v1/tokeninfo?access_token=${encodeURIComponent(token)}`);
        if (!answer.ok) return null;
        const info = (await answer.json()) as { email?: string; scope?: string };
        return info.email ? { email: info.email, scopes: (info.scope ?? "").split(/\s+/).filter(Boolean) } : null;
      })
    : null;

  const server = http.createServer(async (req, res) => {
    const target = req.url ?? "/";
    requests.push(`${req.method} ${target}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    try {
      const fault = active.find((f) => f.times > 0 && (!f.method || f.method === req.method) && f.match(target));
      if (fault) {
        fault.times--;
        res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        res.end(JSON.stringify(fault.body ?? {}));
        return;
      }
      if (calendar && target.startsWith("/calendar/v3/")) {
        const answer = await calendar.handle({ method: req.method ?? "GET", url: target, authorization: req.headers.authorization ?? null, body });
        res.writeHead(answer.status, { ...(answer.body === undefined ? {} : { "content-type": "application/json; charset=UTF-8" }), ...answer.headers });
        res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || ["host", "connection", "accept-encoding", "content-length"].includes(name)) continue;
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const profile = /^\/gmail\/v1\/users\/([^/?]+)\/profile(\?|$)/.exec(target);
      if (profile && req.method === "GET") {
        // users.getProfile: the emulator reports the mailbox's history id on history.list.
        const history = await fetch(`${upstream}/gmail/v1/users/${profile[1]}/history?startHistoryId=0&maxResults=1`, { headers });
        const data = (await history.json()) as { historyId?: string };
        res.writeHead(history.status, { "content-type": "application/json" });
        res.end(JSON.stringify(history.ok ? { emailAddress: profile[1], messagesTotal: 0, threadsTotal: 0, historyId: data.historyId } : data));
        return;
      }
      const answer = await fetch(`${upstream}${target}`, {
        method: req.method,
        headers,
        body: ["GET", "HEAD"].includes(req.method ?? "GET") ? undefined : body,
        redirect: "manual",
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(name)) out[name] = value;
      });
      const payload = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, out);
      res.end(payload);
    } catch (error) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;

  return {
    url,
    emulator,
    calendar,
    requests,
    fail(fault) {
      active.push(fault);
    },
    clearFaults() {
      active = [];
    },
    async authorize(email, scope = "openid email profile https://www.googleapis.com/auth/gmail.modify") {
      const form = new URLSearchParams({ email, redirect_uri: TEST_CLIENT.redirectUri, scope, state: "s", client_id: TEST_CLIENT.clientId });
      const answer = await fetch(`${upstream}/o/oauth2/v2/auth/callback`, { method: "POST", body: form, redirect: "manual" });
      const location = answer.headers.get("location");
      const code = location ? new URL(location).searchParams.get("code") : null;
      if (!code) throw new Error(`The emulator's consent screen returned no code (HTTP ${answer.status})`);
      return code;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
    },
  };
}

import { type KeyObject, createHash, generateKeyPairSync, randomBytes, randomUUID, sign, verify } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

// A small, stateful stand-in for Supabase Auth (GoTrue) behind `<url>/auth/v1`, serving the
// endpoints @supabase/auth-js calls in Aiva's flows:
//   POST /signup                     user (+ session when autoConfirm)
//   POST /token?grant_type=password  | refresh_token (rotating) | pkce (S256 or plain)
//   GET  /user                       verifies the Bearer JWT and its session
//   POST /logout?scope=global|local|others
//   GET  /.well-known/jwks.json      the ES256 public key, with its kid
//   GET  /authorize                  OAuth: "signs in" as `oauthEmail`, redirects to redirect_to?code=
// Access tokens are ES256 JWTs, so auth-js's getClaims() verifies them locally against the
// JWKS. Errors use GoTrue's (pre-2024 API version) shape: {"code","error_code","msg"}.

export type FakeUser = {
  id: string;
  email: string;
  emailConfirmedAt: string | null;
  userMetadata: Record<string, unknown>;
  appMetadata: { provider: string; providers: string[] };
  createdAt: string;
  lastSignInAt: string | null;
};

export type FakeGoTrueOptions = {
  /** Called when a user is created, before the response: write auth.users here, as Supabase Auth does. */
  onUserCreated?: (user: FakeUser) => Promise<void> | void;
};

export type FakeGoTrue = {
  /** The project URL (NEXT_PUBLIC_SUPABASE_URL); the API lives under `${url}/auth/v1`. */
  url: string;
  /** The `iss` claim and `kid` header of tokens this fake signs. */
  issuer: string;
  kid: string;
  /** Users by lowercased email. */
  users: Map<string, FakeUser>;
  /** Every request served, e.g. "POST /token?grant_type=pkce 404". */
  requests: string[];
  /** Signup without email confirmation returns a session (Supabase's "Confirm email" off). */
  autoConfirm: boolean;
  /** Lifetime of new access tokens in seconds (negative: already expired). */
  accessTokenTtl: number;
  /** Who GET /authorize signs in as (created on first use, like a first social sign-in). */
  oauthEmail: string;
  createUser(input: { email: string; password?: string; name?: string; confirmed?: boolean; provider?: string }): Promise<FakeUser>;
  /** An auth code, as if the user followed the confirmation link (or finished the provider's consent). */
  issueCode(userEmail: string, codeChallenge?: string, method?: "s256" | "plain"): string;
  close(): Promise<void>;
};

class GoTrueError extends Error {
  constructor(readonly status: number, readonly errorCode: string, message: string, readonly extra: object = {}) {
    super(message);
  }
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An ES256 JWT. Exported so tests can forge tokens with a key the fake does not know. */
export function mintJwt(payload: object, key: KeyObject, kid: string): string {
  const input = `${b64url({ alg: "ES256", kid, typ: "JWT" })}.${b64url(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}

export const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

const now = () => Math.floor(Date.now() / 1000);

export async function startFakeGoTrue(options: FakeGoTrueOptions = {}): Promise<FakeGoTrue> {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = randomUUID();
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "ES256", use: "sig", key_ops: ["verify"] };
  const passwords = new Map<string, string>(); // user id -> password
  const sessions = new Map<string, { userId: string; method: string }>();
  const refreshTokens = new Map<string, { sessionId: string; revoked: boolean }>();
  const flows = new Map<string, { userId: string; challenge: string; method: string; expiresAt: number }>();
  const signupChallenges = new Map<string, { challenge: string; method: string }>(); // user id ->

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeGoTrue = {
    url,
    issuer: `${url}/auth/v1`,
    kid,
    users: new Map(),
    requests: [],
    autoConfirm: true,
    accessTokenTtl: 3600,
    oauthEmail: "oauth.user@example.com",
    async createUser({ email, password, name, confirmed = true, provider = "email" }) {
      const at = new Date().toISOString();
      const user: FakeUser = {
        id: randomUUID(),
        email: email.trim().toLowerCase(),
        emailConfirmedAt: confirmed ? at : null,
        userMetadata: name ? { name } : {},
        appMetadata: { provider, providers: [provider] },
        createdAt: at,
        lastSignInAt: null,
      };
      fake.users.set(user.email, user);
      if (password) passwords.set(user.id, password);
      try {
        await options.onUserCreated?.(user);
      } catch (error) {
        fake.users.delete(user.email);
        throw Object.assign(new GoTrueError(500, "unexpected_failure", "Database error saving new user"), { cause: error });
      }
      return user;
    },
    issueCode(userEmail, codeChallenge, method = "s256") {
      const user = fake.users.get(userEmail.toLowerCase());
      if (!user) throw new Error(`fake GoTrue: no user ${userEmail}`);
      const flow = codeChallenge ? { challenge: codeChallenge, method } : signupChallenges.get(user.id);
      if (!flow) throw new Error(`fake GoTrue: no code challenge for ${userEmail}`);
      user.emailConfirmedAt ??= new Date().toISOString();
      const code = randomUUID();
      flows.set(code, { userId: user.id, ...flow, expiresAt: now() + 300 });
      return code;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };

  const userById = (id: string) => [...fake.users.values()].find((u) => u.id === id);

  const userJson = (u: FakeUser) => ({
    id: u.id,
    aud: "authenticated",
    role: "authenticated",
    email: u.email,
    email_confirmed_at: u.emailConfirmedAt,
    confirmed_at: u.emailConfirmedAt,
    phone: "",
    last_sign_in_at: u.lastSignInAt,
    app_metadata: u.appMetadata,
    user_metadata: u.userMetadata,
    identities: [{ identity_id: u.id, id: u.id, user_id: u.id, provider: u.appMetadata.provider, identity_data: { sub: u.id, email: u.email } }],
    created_at: u.createdAt,
    updated_at: u.createdAt,
    is_anonymous: false,
  });

  /** A new access + refresh token for a session (what every successful grant returns). */
  function issueTokens(user: FakeUser, sessionId: string) {
    const iat = now();
    const exp = iat + fake.accessTokenTtl;
    const method = sessions.get(sessionId)?.method ?? "password";
    const claims = {
      iss: fake.issuer, sub: user.id, aud: "authenticated", exp, iat, email: user.email, phone: "",
      app_metadata: user.appMetadata, user_metadata: user.userMetadata, role: "authenticated",
      aal: "aal1", amr: [{ method, timestamp: iat }], session_id: sessionId, is_anonymous: false,
    };
    const refresh_token = randomBytes(9).toString("base64url");
    refreshTokens.set(refresh_token, { sessionId, revoked: false });
    return {
      access_token: mintJwt(claims, privateKey, kid), token_type: "bearer", expires_in: fake.accessTokenTtl,
      expires_at: exp, refresh_token, user: userJson(user), weak_password: null,
    };
  }

  function startSession(user: FakeUser, method: string) {
    const sessionId = randomUUID();
    sessions.set(sessionId, { userId: user.id, method });
    user.lastSignInAt = new Date().toISOString();
    return issueTokens(user, sessionId);
  }

  /** The user and session behind the request's Bearer token, as GoTrue's requireAuthentication. */
  function authenticate(req: IncomingMessage) {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!token) throw new GoTrueError(401, "no_authorization", "This endpoint requires a valid Bearer token");
    const bad = (why: string) => new GoTrueError(403, "bad_jwt", `invalid JWT: unable to parse or verify signature, ${why}`);
    const [header, payload, signature] = token.split(".");
    if (!header || !payload || !signature) throw bad("token is malformed");
    const key = { key: publicKey, dsaEncoding: "ieee-p1363" } as const;
    const signed = (() => {
      try {
        return verify("sha256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"));
      } catch {
        return false;
      }
    })();
    if (!signed) throw bad("token signature is invalid");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { sub: string; exp: number; session_id: string };
    if (claims.exp <= now()) throw bad("token has invalid claims: token is expired");
    const session = sessions.get(claims.session_id);
    if (!session) throw new GoTrueError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
    const user = userById(claims.sub);
    if (!user) throw new GoTrueError(403, "user_not_found", "User from sub claim in JWT does not exist");
    return { user, sessionId: claims.session_id };
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
    const body = req.method === "POST" ? await readJson(req) : {};
    const str = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    if (path !== "/authorize" && !req.headers.apikey) return send(res, 401, { message: "No API key found in request" });

    switch (`${req.method} ${path}`) {
      case "GET /.well-known/jwks.json":
        return send(res, 200, { keys: [jwk] });

      case "POST /signup": {
        const email = str("email").trim().toLowerCase();
        if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new GoTrueError(400, "validation_failed", "Unable to validate email address: invalid format");
        if (str("password").length < 6) {
          throw new GoTrueError(422, "weak_password", "Password should be at least 6 characters.", { weak_password: { reasons: ["length"] } });
        }
        if (fake.users.has(email)) throw new GoTrueError(422, "user_already_exists", "User already registered");
        const metadata = (body.data ?? {}) as { name?: string };
        const user = await fake.createUser({ email, password: str("password"), name: metadata.name, confirmed: fake.autoConfirm });
        if (fake.autoConfirm) return send(res, 200, startSession(user, "password"));
        if (str("code_challenge")) signupChallenges.set(user.id, { challenge: str("code_challenge"), method: str("code_challenge_method") });
        return send(res, 200, { ...userJson(user), confirmation_sent_at: new Date().toISOString() });
      }

      case "POST /token":
        return send(res, 200, grant(query.get("grant_type"), str));

      case "GET /user":
        return send(res, 200, userJson(authenticate(req).user));

      case "POST /logout": {
        const { user, sessionId } = authenticate(req);
        const scope = query.get("scope") ?? "global";
        for (const [id, session] of sessions) {
          if (session.userId !== user.id) continue;
          if (scope === "global" || (scope === "local") === (id === sessionId)) sessions.delete(id);
        }
        res.writeHead(204).end();
        return;
      }

      case "GET /authorize": {
        const redirectTo = query.get("redirect_to") ?? "http://localhost:3000";
        const challenge = query.get("code_challenge");
        if (!query.get("provider")) throw new GoTrueError(400, "validation_failed", "Unsupported provider: missing provider");
        if (!challenge) throw new GoTrueError(400, "validation_failed", "fake GoTrue serves the PKCE flow only");
        const provider = query.get("provider") ?? "";
        const user = fake.users.get(fake.oauthEmail.toLowerCase()) ?? (await fake.createUser({ email: fake.oauthEmail, provider }));
        const code = fake.issueCode(user.email, challenge, query.get("code_challenge_method") === "plain" ? "plain" : "s256");
        const target = new URL(redirectTo);
        target.searchParams.set("code", code);
        res.writeHead(302, { location: target.toString() }).end();
        return;
      }
    }
    throw new GoTrueError(404, "not_found", `fake GoTrue does not serve ${req.method} ${path}`);
  }

  function grant(type: string | null, str: (name: string) => string) {
    if (type === "password") {
      const user = fake.users.get(str("email").trim().toLowerCase());
      if (!user || passwords.get(user.id) !== str("password")) throw new GoTrueError(400, "invalid_credentials", "Invalid login credentials");
      if (!user.emailConfirmedAt) throw new GoTrueError(400, "email_not_confirmed", "Email not confirmed");
      return startSession(user, "password");
    }
    if (type === "refresh_token") {
      const stored = refreshTokens.get(str("refresh_token"));
      const session = stored && sessions.get(stored.sessionId);
      const user = session && userById(session.userId);
      if (!stored || !session || !user) throw new GoTrueError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
      if (stored.revoked) {
        sessions.delete(stored.sessionId); // reuse of a rotated token: GoTrue revokes the whole session
        throw new GoTrueError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
      }
      stored.revoked = true;
      return issueTokens(user, stored.sessionId);
    }
    if (type === "pkce") {
      const [code, verifier] = [str("auth_code"), str("code_verifier")];
      if (!code || !verifier) throw new GoTrueError(400, "validation_failed", "invalid request: both auth code and code verifier should be non-empty");
      const flow = flows.get(code);
      const user = flow && userById(flow.userId);
      if (!flow || !user) throw new GoTrueError(404, "flow_state_not_found", "invalid flow state, no valid flow state found");
      flows.delete(code);
      if (flow.expiresAt < now()) throw new GoTrueError(403, "flow_state_expired", "invalid flow state, flow state has expired");
      if ((flow.method === "plain" ? verifier : s256(verifier)) !== flow.challenge) {
        throw new GoTrueError(403, "bad_code_verifier", "code challenge does not match previously saved code verifier");
      }
      return startSession(user, user.appMetadata.provider === "email" ? "otp" : "oauth");
    }
    throw new GoTrueError(400, "validation_failed", "unsupported_grant_type");
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestUrl = new URL(req.url ?? "/", url);
    const path = requestUrl.pathname.replace(/^\/auth\/v1(?=\/)/, "");
    try {
      if (path === requestUrl.pathname) throw new GoTrueError(404, "not_found", "fake GoTrue serves /auth/v1 only");
      await route(req, res, path, requestUrl.searchParams);
    } catch (error) {
      const e = error instanceof GoTrueError ? error : new GoTrueError(500, "unexpected_failure", String(error));
      send(res, e.status, { code: e.status, error_code: e.errorCode, msg: e.message, ...e.extra });
    } finally {
      fake.requests.push(`${req.method} ${path}${requestUrl.search} ${res.statusCode}`);
    }
  }

  return fake;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new GoTrueError(400, "bad_json", "Could not parse request body as JSON");
  }
}

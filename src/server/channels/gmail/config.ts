import { z } from "zod";

// Where Google lives and who Aiva is to it. In production every URL is Google's own; in
// tests and local development GOOGLE_API_BASE_URL points all of them at one emulator
// (@inbox-zero/emulate serves OAuth, Gmail and Calendar under a single origin).

/** The narrowest scopes that cover reading, labelling, sending and the calendar. */
export const GOOGLE_SCOPES = [
  "openid",
  "email",
  "profile",
  "https://www.googleapis.com/auth/gmail.modify",
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.readonly",
] as const;

/** Names of a Gmail connection's secrets (encrypted in private.secrets). */
export const GOOGLE_SECRETS = {
  refreshToken: "googleRefreshToken",
  accessToken: "googleAccessToken",
  /** Milliseconds since the epoch, as a string. */
  accessTokenExpiresAt: "googleAccessTokenExpiresAt",
} as const;

export type GoogleConfig = {
  clientId: string;
  clientSecret: string;
  /** https://accounts.google.com/o/oauth2/v2/auth */
  authorizeUrl: string;
  /** https://oauth2.googleapis.com/token */
  tokenUrl: string;
  /** https://openidconnect.googleapis.com/v1/userinfo */
  userinfoUrl: string;
  /** https://oauth2.googleapis.com/revoke */
  revokeUrl: string;
  /** rootUrl for the googleapis clients (Gmail, Calendar): "https://gmail.googleapis.com/" etc. */
  gmailRootUrl: string;
  calendarRootUrl: string;
  /** Issuer and JWKS of Google's ID tokens (OAuth sign-in and Pub/Sub push tokens). */
  issuers: string[];
  certsUrl: string;
};

const url = z.url({ protocol: /^https?$/ });

/** Google's settings from the environment; null when no OAuth client is configured. */
export function googleConfig(env: NodeJS.ProcessEnv = process.env): GoogleConfig | null {
  const clientId = env.GOOGLE_CLIENT_ID?.trim();
  const clientSecret = env.GOOGLE_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) return null;
  const base = env.GOOGLE_API_BASE_URL?.trim();
  if (base) {
    const parsed = url.safeParse(base);
    if (!parsed.success) throw new Error("GOOGLE_API_BASE_URL must be an http(s) URL, e.g. http://127.0.0.1:4002");
    const origin = parsed.data.replace(/\/+$/, "");
    return {
      clientId,
      clientSecret,
      authorizeUrl: `${origin}/o/oauth2/v2/auth`,
      tokenUrl: `${origin}/oauth2/token`,
      userinfoUrl: `${origin}/oauth2/v2/userinfo`,
      revokeUrl: `${origin}/oauth2/revoke`,
      gmailRootUrl: `${origin}/`,
      calendarRootUrl: `${origin}/`,
      issuers: [origin],
      certsUrl: `${origin}/oauth2/v3/certs`,
    };
  }
  return {
    clientId,
    clientSecret,
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    userinfoUrl: "https://openidconnect.googleapis.com/v1/userinfo",
    revokeUrl: "https://oauth2.googleapis.com/revoke",
    gmailRootUrl: "https://gmail.googleapis.com/",
    calendarRootUrl: "https://www.googleapis.com/",
    issuers: ["https://accounts.google.com", "accounts.google.com"],
    certsUrl: "https://www.googleapis.com/oauth2/v3/certs",
  };
}

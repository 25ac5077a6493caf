// Kept free of imports: proxy.ts needs the name without pulling the database in.
export const SESSION_COOKIE = "aiva_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

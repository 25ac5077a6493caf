import crypto from "node:crypto";

/**
 * Vercel Cron sends `Authorization: Bearer $CRON_SECRET`. Compared in constant time;
 * with no secret configured every request is refused.
 */
export function isAuthorizedCronRequest(authorization: string | null, secret = process.env.CRON_SECRET): boolean {
  if (!secret || secret.length < 16 || !authorization) return false;
  const expected = crypto.createHash("sha256").update(`Bearer ${secret}`).digest();
  const given = crypto.createHash("sha256").update(authorization).digest();
  return crypto.timingSafeEqual(expected, given);
}

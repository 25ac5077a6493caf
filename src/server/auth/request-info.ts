import { headers } from "next/headers";

/** The client's address as the nearest proxy reports it (Next.js or Vercel sets it). */
export async function clientIp(): Promise<string | null> {
  const h = await headers();
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || h.get("x-real-ip") || null;
}

export async function isHttps(): Promise<boolean> {
  const h = await headers();
  return h.get("x-forwarded-proto") === "https" || process.env.AIVA_SECURE_COOKIES === "true";
}

export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return process.env.AIVA_PUBLIC_URL?.replace(/\/$/, "") || `${proto}://${host}`;
}

export async function userAgent(): Promise<string | null> {
  return (await headers()).get("user-agent");
}

import crypto from "node:crypto";
import { SafeError } from "@/lib/errors";
import { type KeyRing, keyRing } from "./keys";

// AES-256-GCM with a fresh 96-bit nonce per value. The associated data binds a ciphertext
// to the row and field it belongs to, so one account's token cannot be pasted into another.
// Format: v1.<key id>.<nonce>.<tag>.<ciphertext>, base64url parts.

export type Sealed = { keyId: string; ciphertext: string };

export function seal(plaintext: string, context: string, ring: KeyRing = keyRing()): Sealed {
  const { id, key } = ring.current;
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  const parts = ["v1", id, nonce.toString("base64url"), tag.toString("base64url"), body.toString("base64url")];
  return { keyId: id, ciphertext: parts.join(".") };
}

export function open(sealed: string, context: string, ring: KeyRing = keyRing()): string {
  const [version, keyId, nonce, tag, body] = sealed.split(".");
  if (version !== "v1" || !keyId || nonce === undefined || tag === undefined || body === undefined) {
    throw new Error("Unrecognised secret format");
  }
  const key = ring.all.get(keyId);
  if (!key) {
    throw new SafeError(
      `A stored credential was encrypted with key ${keyId}, which is not configured. Add it to TOKEN_ENCRYPTION_PREVIOUS_KEYS.`,
      "unknown_encryption_key",
    );
  }
  const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

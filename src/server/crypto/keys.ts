import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SafeError } from "@/lib/errors";
import { dataDir } from "@/server/db/data-dir";

// Keys for encrypting channel secrets at rest. TOKEN_ENCRYPTION_KEY is the current key;
// TOKEN_ENCRYPTION_PREVIOUS_KEYS (comma-separated) are still accepted for decryption, so
// a key rotates by moving it there, setting a new one and running `aiva secrets rotate`.
// Self-hosted without a key, one is generated into the data folder on first use.

export type EncryptionKey = { id: string; key: Buffer };
export type KeyRing = { current: EncryptionKey; all: Map<string, EncryptionKey> };

const KEY_FILE = "encryption.key";

export function parseKey(text: string): EncryptionKey {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new SafeError(
      "TOKEN_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64 (generate one with `openssl rand -base64 32`).",
      "bad_encryption_key",
    );
  }
  // The id names the key without revealing it: a truncated hash.
  const id = crypto.createHash("sha256").update("aiva-key-id:").update(key).digest("hex").slice(0, 12);
  return { id, key };
}

export function generateKeyText(): string {
  return crypto.randomBytes(32).toString("base64");
}

function keyFromDataFolder(): EncryptionKey {
  if (process.env.VERCEL || process.env.DATABASE_URL) {
    // A serverless filesystem forgets the file; a shared database needs every instance to
    // hold the same key. Either way the key must come from the environment.
    throw new SafeError(
      "TOKEN_ENCRYPTION_KEY is not set. Set it (32 random bytes, base64) before connecting accounts.",
      "missing_encryption_key",
    );
  }
  const folder = dataDir();
  const file = path.join(folder, KEY_FILE);
  fs.mkdirSync(folder, { recursive: true });
  try {
    fs.writeFileSync(file, `${generateKeyText()}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return parseKey(fs.readFileSync(file, "utf8"));
}

let cached: { signature: string; ring: KeyRing } | undefined;

export function keyRing(): KeyRing {
  const signature = `${process.env.TOKEN_ENCRYPTION_KEY ?? ""}|${process.env.TOKEN_ENCRYPTION_PREVIOUS_KEYS ?? ""}|${dataDir()}`;
  if (cached?.signature === signature) return cached.ring;
  const current = process.env.TOKEN_ENCRYPTION_KEY?.trim()
    ? parseKey(process.env.TOKEN_ENCRYPTION_KEY)
    : keyFromDataFolder();
  const all = new Map<string, EncryptionKey>([[current.id, current]]);
  for (const text of (process.env.TOKEN_ENCRYPTION_PREVIOUS_KEYS ?? "").split(",")) {
    if (!text.trim()) continue;
    const key = parseKey(text);
    all.set(key.id, key);
  }
  const ring = { current, all };
  cached = { signature, ring };
  return ring;
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateKeyText, keyRing, parseKey } from "./keys";
import { open, seal } from "./secret-box";

const ring = (current: string, ...previous: string[]) => {
  const cur = parseKey(current);
  return { current: cur, all: new Map([cur, ...previous.map(parseKey)].map((k) => [k.id, k])) };
};

describe("secret box", () => {
  const keyA = generateKeyText();
  const keyB = generateKeyText();

  it("round-trips and never contains the plaintext", () => {
    const sealed = seal("ya29.super-secret-token", "channel_connection:1:access_token", ring(keyA));
    expect(sealed.ciphertext).not.toContain("super-secret");
    expect(sealed.ciphertext.startsWith(`v1.${sealed.keyId}.`)).toBe(true);
    expect(open(sealed.ciphertext, "channel_connection:1:access_token", ring(keyA))).toBe("ya29.super-secret-token");
  });

  it("uses a fresh nonce each time", () => {
    const a = seal("same", "ctx", ring(keyA));
    const b = seal("same", "ctx", ring(keyA));
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it("refuses a ciphertext moved to another row or field", () => {
    const sealed = seal("token", "channel_connection:1:access_token", ring(keyA));
    expect(() => open(sealed.ciphertext, "channel_connection:2:access_token", ring(keyA))).toThrow();
    expect(() => open(sealed.ciphertext, "channel_connection:1:refresh_token", ring(keyA))).toThrow();
  });

  it("refuses a tampered ciphertext", () => {
    const sealed = seal("token", "ctx", ring(keyA));
    const parts = sealed.ciphertext.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => open(parts.join("."), "ctx", ring(keyA))).toThrow();
  });

  it("decrypts with a previous key after rotation and names a missing key", () => {
    const sealed = seal("token", "ctx", ring(keyA));
    expect(open(sealed.ciphertext, "ctx", ring(keyB, keyA))).toBe("token");
    expect(() => open(sealed.ciphertext, "ctx", ring(keyB))).toThrow(/TOKEN_ENCRYPTION_PREVIOUS_KEYS/);
  });

  it("rejects keys that are not 32 bytes", () => {
    expect(() => parseKey("too-short")).toThrow(/32 bytes/);
    expect(parseKey("a".repeat(64)).key).toHaveLength(32);
  });
});

describe("key ring from the environment", () => {
  const saved = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-keys-"));
    process.env.AIVA_DATA_DIR = dir;
    delete process.env.TOKEN_ENCRYPTION_KEY;
    delete process.env.TOKEN_ENCRYPTION_PREVIOUS_KEYS;
    delete process.env.DATABASE_URL;
    delete process.env.VERCEL;
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("generates a key into the data folder once, readable only by its owner", () => {
    const first = keyRing();
    const file = path.join(dir, "encryption.key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    process.env.AIVA_DATA_DIR = `${dir}/`; // a different signature forces a re-read
    expect(keyRing().current.id).toBe(first.current.id);
  });

  it("prefers TOKEN_ENCRYPTION_KEY and includes previous keys", () => {
    const current = generateKeyText();
    const previous = generateKeyText();
    process.env.TOKEN_ENCRYPTION_KEY = current;
    process.env.TOKEN_ENCRYPTION_PREVIOUS_KEYS = ` ${previous} ,`;
    const r = keyRing();
    expect(r.current.id).toBe(parseKey(current).id);
    expect(r.all.has(parseKey(previous).id)).toBe(true);
    expect(fs.existsSync(path.join(dir, "encryption.key"))).toBe(false);
  });

  it("requires a configured key with a shared database", () => {
    process.env.DATABASE_URL = "postgres://example/db";
    expect(() => keyRing()).toThrow(/TOKEN_ENCRYPTION_KEY is not set/);
  });
});

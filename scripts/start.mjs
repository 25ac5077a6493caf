#!/usr/bin/env node
// `npm start`: build when the sources changed since the last build, then serve.
// The server itself opens (creating and migrating) the embedded database on start.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 9)) {
  console.error(`Aiva needs Node.js 20.9 or newer (this is ${process.versions.node}).`);
  process.exit(1);
}

// Fail before a long build when the data folder is visibly in use.
if (!process.env.DATABASE_URL) {
  const lock = path.join(path.resolve(process.env.AIVA_DATA_DIR || ".data"), "aiva.lock");
  try {
    const holder = JSON.parse(fs.readFileSync(lock, "utf8"));
    process.kill(holder.pid, 0);
    console.error(
      `Another Aiva process (pid ${holder.pid}, ${holder.purpose}) is using the data folder ${path.dirname(lock)}.\n` +
        "Stop it first, or set AIVA_DATA_DIR to a different folder.",
    );
    process.exit(1);
  } catch {
    // No lock, or a stale one the server will take over.
  }
}

const INPUTS = ["src", "public", "supabase", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function fingerprint() {
  const hash = crypto.createHash("sha256");
  const walk = (entry) => {
    if (!fs.existsSync(entry)) return;
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry).sort()) walk(path.join(entry, name));
    } else {
      hash.update(`${entry}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const input of INPUTS) walk(input);
  return hash.digest("hex");
}

const next = path.join(root, "node_modules", ".bin", "next");
const stampFile = path.join(".next", "aiva-build-stamp");
const stamp = fingerprint();
const built = fs.existsSync(path.join(".next", "BUILD_ID")) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp;

if (!built) {
  console.log("Building Aiva (first start or sources changed)...");
  const result = spawnSync(next, ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stampFile, stamp);
}

const port = process.env.PORT || "3000";
const host = process.env.HOST || "127.0.0.1";
console.log(`Starting Aiva on http://${host === "127.0.0.1" ? "localhost" : host}:${port}`);
const child = spawn(next, ["start", "-p", port, "-H", host], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

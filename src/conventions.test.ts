import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Conventions that keep data safe, checked over the tree rather than remembered.

const SRC = path.join(process.cwd(), "src");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const sources = files(SRC).map((file) => ({ file: path.relative(process.cwd(), file), text: fs.readFileSync(file, "utf8") }));

describe("conventions", () => {
  it("only the database layer, start-up, health, the job queue and the CLI open the raw database", () => {
    const allowed = [/^src\/server\/db\//, /^src\/server\/boot\.ts$/, /^src\/server\/health\//, /^src\/server\/jobs\/queue\.ts$/, /^src\/cli\//];
    const offenders = sources
      .filter(({ text }) => /from ["']@\/server\/db\/client["']|from ["']\.\/client["']/.test(text))
      .map(({ file }) => file)
      .filter((file) => !allowed.some((re) => re.test(file)));
    expect(offenders).toEqual([]);
  });

  it("server actions live in src/server/actions and are built from the safe-action chain", () => {
    const actionFiles = sources.filter(({ text }) => /^["']use server["'];?/m.test(text.trimStart().split("\n")[0] ?? ""));
    expect(actionFiles.length).toBeGreaterThan(0);
    for (const { file, text } of actionFiles) {
      expect(file).toMatch(/^src\/server\/actions\//);
      const exports = [...text.matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
      expect(exports.length, file).toBeGreaterThan(0);
      for (const name of exports) {
        expect(name, file).toMatch(/Action$/);
        expect(text, `${file}: ${name}`).toMatch(new RegExp(`export const ${name} = (actionClient|authActionClient|workspaceActionClient)\\b`));
      }
    }
  });

  it("client components import server code only as server actions", () => {
    const offenders = sources
      .filter(({ text }) => text.trimStart().startsWith('"use client"'))
      .flatMap(({ file, text }) =>
        [...text.matchAll(/from ["'](@\/server\/[^"']+)["']/g)]
          .map((m) => m[1]!)
          .filter((spec) => !spec.startsWith("@/server/actions/") || spec.endsWith("/safe-action"))
          .map((spec) => `${file} → ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it("route handlers stay thin: no SQL or Drizzle in src/app", () => {
    const offenders = sources
      .filter(({ file }) => file.startsWith("src/app/"))
      .filter(({ text }) => /from ["']drizzle-orm|withService\(|withUser\(/.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});

describe("configuration", () => {
  it("documents every environment variable the code reads in .env.example", () => {
    const documented = new Set(
      fs
        .readFileSync(path.join(process.cwd(), ".env.example"), "utf8")
        .split("\n")
        .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
        .filter(Boolean),
    );
    const runtime = new Set(["NEXT_RUNTIME", "NEXT_PHASE", "VERCEL", "NODE_ENV", "CI"]);
    const read = new Set(
      sources.flatMap(({ text }) =>
        [...text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)(?![A-Z0-9_*])|(?:process\.env\[|runtimeEnv\()"([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1] ?? m[2]!),
      ),
    );
    expect([...read].filter((name) => !documented.has(name) && !runtime.has(name)).sort()).toEqual([]);
  });
});

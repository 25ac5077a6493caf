import { SafeError } from "@/lib/errors";
import { getDatabase } from "@/server/db/client";

export type Health =
  | { status: "ok"; database: "pglite" | "postgres"; migrations: { applied: number; total: number }; version: string }
  | { status: "error"; error: string };

export async function checkHealth(): Promise<Health> {
  try {
    const database = await getDatabase();
    await database.raw.query("select 1");
    return {
      status: "ok",
      database: database.kind,
      migrations: database.migrations,
      version: process.env.npm_package_version ?? "0.1.0",
    };
  } catch (error) {
    if (!(error instanceof SafeError)) console.error("[health]", error);
    return { status: "error", error: error instanceof SafeError ? error.message : "The database is not reachable." };
  }
}

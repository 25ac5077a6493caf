import path from "node:path";

/** Where the embedded database, its lock and generated keys live when self-hosting. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.AIVA_DATA_DIR?.trim() || ".data");
}

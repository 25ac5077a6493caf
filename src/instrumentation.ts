// Runs once when the Next.js server starts: open (and migrate) the database before the
// first request, and refuse to start when another process owns the embedded data folder.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { bootServer } = await import("./server/boot");
  await bootServer();
}

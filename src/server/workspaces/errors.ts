import { SafeError } from "@/lib/errors";
import { pgErrorCode } from "@/server/db/with-rls";

/** Turns the database's refusals into messages a person can act on. */
export function explainDatabaseRefusal(error: unknown): never {
  switch (pgErrorCode(error)) {
    case "AV001":
      throw new SafeError("A workspace needs at least one owner. Make someone else an owner first.", "last_owner");
    case "42501":
      throw new SafeError("You don't have permission to do that in this workspace.", "forbidden");
    default:
      throw error;
  }
}

import { customType } from "drizzle-orm/pg-core";

/** Postgres `tsvector`; only ever written by a generated column, so it reads as string. */
export const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

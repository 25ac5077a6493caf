import type { PGlite, Transaction as PGliteTransaction } from "@electric-sql/pglite";
import type { Sql, TransactionSql } from "postgres";

/**
 * The few raw operations migrations and bootstrap need, over either driver. Product code
 * uses Drizzle through with-rls.ts instead.
 */
export interface RawSql {
  /** Runs one or more statements, no parameters, no result. */
  exec(text: string): Promise<void>;
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(fn: (tx: RawSql) => Promise<T>): Promise<T>;
}

export function rawFromPglite(pg: PGlite | PGliteTransaction): RawSql {
  return {
    async exec(text) {
      await pg.exec(text);
    },
    async query<T>(text: string, params?: unknown[]) {
      return (await pg.query<T>(text, params)).rows;
    },
    transaction(fn) {
      if (!("transaction" in pg)) return fn(rawFromPglite(pg));
      return pg.transaction((tx) => fn(rawFromPglite(tx)));
    },
  };
}

export function rawFromPostgres(sql: Sql | TransactionSql): RawSql {
  return {
    async exec(text) {
      await sql.unsafe(text).simple();
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await sql.unsafe(text, params as never[])) as unknown as T[];
    },
    transaction(fn) {
      if (!("begin" in sql)) return fn(rawFromPostgres(sql));
      return sql.begin((tx) => fn(rawFromPostgres(tx))) as Promise<never>;
    },
  };
}

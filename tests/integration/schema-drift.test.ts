import { is } from "drizzle-orm";
import { PgTable, getTableConfig, isPgEnum } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawSql } from "@/server/db/raw";
import * as schema from "@/server/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The Drizzle schema (what the code believes) and the migrated database (what
// supabase/migrations builds) must agree: tables, columns with their SQL types, nullability,
// defaults, primary keys, unique constraints, index names and enum values. A column added to
// the TS schema without a migration, or by a migration without the TS schema, fails here.

const SCHEMAS = ["public", "private"];

type ColumnShape = { name: string; type: string; notNull: boolean; hasDefault: boolean; generated: boolean };
type TableShape = {
  key: string; // "schema.table"
  columns: ColumnShape[];
  primaryKey: string[];
  uniqueConstraints: string[];
  indexes: string[];
};
type SchemaShape = { tables: Map<string, TableShape>; enums: Map<string, string[]> };

// ---------------------------------------------------------------------------------------
// Type names: Drizzle's getSQLType() and Postgres' format_type() spell some types differently.

const TYPE_ALIASES: Record<string, string> = {
  int: "integer",
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  serial: "integer",
  serial4: "integer",
  smallserial: "smallint",
  bigserial: "bigint",
  serial8: "bigint",
  bool: "boolean",
  float4: "real",
  float8: "double precision",
  float: "double precision",
  decimal: "numeric",
  varchar: "character varying",
  char: "character",
  timestamptz: "timestamp with time zone",
  timetz: "time with time zone",
};

function normalizeType(sqlType: string): string {
  let t = sqlType
    .toLowerCase()
    .replace(/"/g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*\(\s*/g, "(")
    .replace(/\s*,\s*/g, ",")
    .replace(/\s*\)/g, ")")
    .trim();
  // Array sizes are not enforced and format_type drops them: text[3] == text[].
  let dims = "";
  while (/\[\d*\]$/.test(t)) {
    t = t.replace(/\s*\[\d*\]$/, "");
    dims += "[]";
  }
  t = t.replace(/^(public|pg_catalog)\./, "");
  const match = /^([a-z_][a-z0-9_ ]*?)(\(\d+(?:,\d+)?\))?( with(?:out)? time zone)?$/.exec(t);
  if (match) {
    let [, base = t, modifier = "", zone = ""] = match;
    base = TYPE_ALIASES[base] ?? base;
    if (base === "timestamp with time zone" || base === "time with time zone") {
      [base, zone] = [base.replace(/ with time zone$/, ""), " with time zone"];
    }
    if ((base === "timestamp" || base === "time") && !zone) zone = " without time zone";
    t = `${base}${modifier}${zone}`;
  }
  return t + dims;
}

// ---------------------------------------------------------------------------------------
// The two sides

function drizzleShape(): SchemaShape {
  const tables = new Map<string, TableShape>();
  const enums = new Map<string, string[]>();
  for (const value of Object.values(schema) as unknown[]) {
    if (isPgEnum(value)) {
      enums.set(`${value.schema ?? "public"}.${value.enumName}`, [...value.enumValues]);
      continue;
    }
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    const schemaName = config.schema ?? "public";
    if (!SCHEMAS.includes(schemaName)) continue; // authUsers: Supabase's table, referenced only
    const key = `${schemaName}.${config.name}`;
    tables.set(key, {
      key,
      columns: config.columns.map((c) => ({
        name: c.name,
        type: normalizeType(c.getSQLType()),
        notNull: c.notNull,
        hasDefault: c.hasDefault || c.generated !== undefined || c.generatedIdentity !== undefined,
        generated: c.generated !== undefined,
      })),
      primaryKey: [
        ...config.columns.filter((c) => c.primary).map((c) => c.name),
        ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
      ].sort(),
      uniqueConstraints: [
        ...config.uniqueConstraints.map((u) => u.getName() ?? "(unnamed unique constraint)"),
        ...config.columns.filter((c) => c.isUnique).map((c) => c.uniqueName ?? `${config.name}_${c.name}_unique`),
      ].sort(),
      indexes: config.indexes.map((i) => i.config.name ?? "(unnamed index)").sort(),
    });
  }
  return { tables, enums };
}

async function databaseShape(raw: RawSql): Promise<SchemaShape> {
  const tables = new Map<string, TableShape>();
  const relations = await raw.query<{ key: string }>(
    `select n.nspname || '.' || c.relname as key
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1::text[]) and c.relkind in ('r', 'p')`,
    [SCHEMAS],
  );
  for (const { key } of relations) tables.set(key, { key, columns: [], primaryKey: [], uniqueConstraints: [], indexes: [] });

  const columns = await raw.query<{ key: string; name: string; type: string; not_null: boolean; has_default: boolean; generated: boolean }>(
    `select n.nspname || '.' || c.relname as key, a.attname as name,
            format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
            a.atthasdef as has_default, a.attgenerated <> '' as generated
     from pg_attribute a
     join pg_class c on c.oid = a.attrelid
     join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1::text[]) and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
     order by n.nspname, c.relname, a.attnum`,
    [SCHEMAS],
  );
  for (const c of columns) {
    tables.get(c.key)?.columns.push({
      name: c.name,
      type: normalizeType(c.type),
      notNull: c.not_null,
      hasDefault: c.has_default,
      generated: c.generated,
    });
  }

  const constraints = await raw.query<{ key: string; name: string; kind: string; columns: string[] }>(
    `select n.nspname || '.' || c.relname as key, k.conname as name, k.contype::text as kind,
            array(select a.attname::text from unnest(k.conkey) as u(attnum)
                  join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum) as columns
     from pg_constraint k
     join pg_class c on c.oid = k.conrelid
     join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1::text[]) and k.contype in ('p', 'u')`,
    [SCHEMAS],
  );
  for (const k of constraints) {
    const table = tables.get(k.key);
    if (!table) continue;
    if (k.kind === "p") table.primaryKey = [...k.columns].sort();
    else table.uniqueConstraints.push(k.name);
  }

  // Indexes other than those backing a primary key / unique / exclusion constraint.
  const indexes = await raw.query<{ key: string; name: string }>(
    `select n.nspname || '.' || t.relname as key, i.relname as name
     from pg_index x
     join pg_class i on i.oid = x.indexrelid
     join pg_class t on t.oid = x.indrelid
     join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = any($1::text[])
       and not exists (
         select 1 from pg_constraint k
         where k.conindid = x.indexrelid and k.conrelid = x.indrelid and k.contype in ('p', 'u', 'x')
       )`,
    [SCHEMAS],
  );
  for (const i of indexes) tables.get(i.key)?.indexes.push(i.name);
  for (const table of tables.values()) {
    table.uniqueConstraints.sort();
    table.indexes.sort();
  }

  const enums = new Map<string, string[]>();
  const enumTypes = await raw.query<{ key: string }>(
    `select n.nspname || '.' || t.typname as key
     from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where t.typtype = 'e' and n.nspname = any($1::text[])`,
    [SCHEMAS],
  );
  for (const { key } of enumTypes) {
    const [row] = await raw.query<{ values: string[] }>(`select enum_range(null::${quoteQualified(key)})::text[] as values`);
    enums.set(key, row?.values ?? []);
  }
  return { tables, enums };
}

function quoteQualified(key: string): string {
  return key
    .split(".")
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join(".");
}

// ---------------------------------------------------------------------------------------
// The comparison: a list of human-readable differences, empty when the two agree.

function diffSets(what: string, drizzle: Iterable<string>, database: Iterable<string>): string[] {
  const a = new Set(drizzle);
  const b = new Set(database);
  return [
    ...[...a].filter((x) => !b.has(x)).map((x) => `${what} ${x} is in the Drizzle schema but not in the database`),
    ...[...b].filter((x) => !a.has(x)).map((x) => `${what} ${x} is in the database but not in the Drizzle schema`),
  ];
}

function diffTable(drizzle: TableShape, database: TableShape): string[] {
  const t = drizzle.key;
  const out = diffSets(
    `${t}: column`,
    drizzle.columns.map((c) => c.name),
    database.columns.map((c) => c.name),
  );
  for (const mine of drizzle.columns) {
    const theirs = database.columns.find((c) => c.name === mine.name);
    if (!theirs) continue;
    const col = `${t}.${mine.name}`;
    if (mine.type !== theirs.type) out.push(`${col}: type ${mine.type} in Drizzle, ${theirs.type} in the database`);
    if (mine.notNull !== theirs.notNull) {
      out.push(`${col}: ${mine.notNull ? "NOT NULL" : "nullable"} in Drizzle, ${theirs.notNull ? "NOT NULL" : "nullable"} in the database`);
    }
    if (mine.generated !== theirs.generated) out.push(`${col}: generated ${mine.generated} in Drizzle, ${theirs.generated} in the database`);
    else if (mine.hasDefault !== theirs.hasDefault) {
      out.push(`${col}: ${mine.hasDefault ? "has" : "no"} default in Drizzle, ${theirs.hasDefault ? "has" : "no"} default in the database`);
    }
  }
  if (drizzle.primaryKey.join(",") !== database.primaryKey.join(",")) {
    out.push(`${t}: primary key (${drizzle.primaryKey.join(", ")}) in Drizzle, (${database.primaryKey.join(", ")}) in the database`);
  }
  out.push(...diffSets(`${t}: unique constraint`, drizzle.uniqueConstraints, database.uniqueConstraints));
  out.push(...diffSets(`${t}: index`, drizzle.indexes, database.indexes));
  return out;
}

function diffSchemas(drizzle: SchemaShape, database: SchemaShape): string[] {
  const out = diffSets("table", drizzle.tables.keys(), database.tables.keys());
  for (const [key, mine] of drizzle.tables) {
    const theirs = database.tables.get(key);
    if (theirs) out.push(...diffTable(mine, theirs));
  }
  out.push(...diffSets("enum", drizzle.enums.keys(), database.enums.keys()));
  for (const [key, values] of drizzle.enums) {
    const theirs = database.enums.get(key);
    if (theirs && values.join(",") !== theirs.join(",")) {
      out.push(`enum ${key}: [${values.join(", ")}] in Drizzle, [${theirs.join(", ")}] in the database`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------

let test: TestDatabase;
let su: RawSql;
let fromDrizzle: SchemaShape;
let fromDatabase: SchemaShape;

beforeAll(async () => {
  test = await createTestDatabase();
  su = test.database.raw;
  fromDrizzle = drizzleShape();
  fromDatabase = await databaseShape(su);
});
afterAll(() => test?.cleanup());

const clone = (shape: SchemaShape): SchemaShape => structuredClone(shape);
const table = (shape: SchemaShape, key: string): TableShape => {
  const found = shape.tables.get(key);
  if (!found) throw new Error(`no table ${key}`);
  return found;
};

describe("Drizzle schema vs migrated database", () => {
  it("sees the same tables in public and private (auth.users is only referenced)", () => {
    expect([...fromDrizzle.tables.keys()].sort()).toEqual([...fromDatabase.tables.keys()].sort());
    expect(fromDrizzle.tables.size).toBeGreaterThanOrEqual(14);
    expect(fromDrizzle.tables.has("public.messages")).toBe(true);
    expect(fromDrizzle.tables.has("private.secrets")).toBe(true);
  });

  it("agrees on every column (type, nullability, default, generated), key, unique constraint and index", () => {
    expect(diffSchemas(fromDrizzle, fromDatabase)).toEqual([]);
  });

  it("agrees on every enum's values, in order (enum_range)", () => {
    expect(fromDrizzle.enums.size).toBeGreaterThanOrEqual(15);
    expect([...fromDrizzle.enums.keys()].sort()).toEqual([...fromDatabase.enums.keys()].sort());
    for (const [key, values] of fromDrizzle.enums) expect({ key, values }).toEqual({ key, values: fromDatabase.enums.get(key) });
  });
});

describe("the drift check itself", () => {
  it("normalizes the spellings that differ between Drizzle and format_type", () => {
    expect(normalizeType("timestamp with time zone")).toBe("timestamp with time zone");
    expect(normalizeType("timestamptz")).toBe("timestamp with time zone");
    expect(normalizeType("timestamp (3) with time zone")).toBe(normalizeType("timestamp(3) with time zone"));
    expect(normalizeType("timestamp")).toBe("timestamp without time zone");
    expect(normalizeType("numeric(12, 6)")).toBe("numeric(12,6)");
    expect(normalizeType("varchar(255)")).toBe("character varying(255)");
    expect(normalizeType("text[3]")).toBe("text[]");
    expect(normalizeType('"public"."workspace_role"')).toBe("workspace_role");
    expect(normalizeType("integer")).not.toBe(normalizeType("bigint"));
  });

  it("reports a column added to the TS schema without a migration", () => {
    const altered = clone(fromDrizzle);
    table(altered, "public.tasks").columns.push({ name: "snoozed_until", type: "timestamp with time zone", notNull: false, hasDefault: false, generated: false });
    expect(diffSchemas(altered, fromDatabase)).toEqual([
      "public.tasks: column snoozed_until is in the Drizzle schema but not in the database",
    ]);
  });

  it("reports changed types, nullability, defaults, keys, indexes, tables and enum values", () => {
    const altered = clone(fromDrizzle);
    const messages = table(altered, "public.messages");
    messages.columns.find((c) => c.name === "ai_confidence")!.type = "double precision";
    messages.columns.find((c) => c.name === "subject")!.notNull = true;
    messages.columns.find((c) => c.name === "is_read")!.hasDefault = false;
    messages.indexes = messages.indexes.map((i) => (i === "messages_search_idx" ? "messages_fts_idx" : i)).sort();
    table(altered, "public.workspace_members").primaryKey = ["user_id"];
    altered.tables.set("public.reminders", { key: "public.reminders", columns: [], primaryKey: [], uniqueConstraints: [], indexes: [] });
    altered.enums.set("public.task_status", ["open", "done"]);
    expect(diffSchemas(altered, fromDatabase).sort()).toEqual(
      [
        "table public.reminders is in the Drizzle schema but not in the database",
        "public.messages.ai_confidence: type double precision in Drizzle, real in the database",
        "public.messages.subject: NOT NULL in Drizzle, nullable in the database",
        "public.messages.is_read: no default in Drizzle, has default in the database",
        "public.messages: index messages_fts_idx is in the Drizzle schema but not in the database",
        "public.messages: index messages_search_idx is in the database but not in the Drizzle schema",
        "public.workspace_members: primary key (user_id) in Drizzle, (user_id, workspace_id) in the database",
        "enum public.task_status: [open, done] in Drizzle, [suggested, open, in_progress, done, dismissed] in the database",
      ].sort(),
    );
  });

  it("reports a column a migration added without the TS schema (real ALTER TABLE in this test's database)", async () => {
    await su.exec("alter table public.tasks add column snoozed_until timestamptz; create index tasks_snoozed_idx on public.tasks (snoozed_until)");
    try {
      const altered = await databaseShape(su);
      expect(diffSchemas(fromDrizzle, altered)).toEqual([
        "public.tasks: column snoozed_until is in the database but not in the Drizzle schema",
        "public.tasks: index tasks_snoozed_idx is in the database but not in the Drizzle schema",
      ]);
    } finally {
      await su.exec("alter table public.tasks drop column snoozed_until");
    }
    expect(diffSchemas(fromDrizzle, await databaseShape(su))).toEqual([]);
  });
});

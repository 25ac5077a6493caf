import { index, pgSchema, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authUsers } from "drizzle-orm/supabase";
import { secretOwnerKind } from "./enums";
import { workspaces } from "./workspaces";

// Schema `private` is never granted to `anon` or `authenticated`: only the server's
// service path reaches these tables.
export const privateSchema = pgSchema("private");

/** Channel and calendar credentials, AES-256-GCM encrypted by src/server/crypto/secret-box.ts. */
export const secrets = privateSchema.table(
  "secrets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    ownerKind: secretOwnerKind("owner_kind").notNull(),
    ownerId: uuid("owner_id").notNull(),
    name: text("name").notNull(),
    keyId: text("key_id").notNull(),
    ciphertext: text("ciphertext").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("secrets_owner_name_key").on(t.ownerKind, t.ownerId, t.name),
    index("secrets_key_id_idx").on(t.keyId),
  ],
);

/** Local (self-hosted) sign-in sessions. Only a SHA-256 of the cookie token is stored. */
export const localSessions = privateSchema.table(
  "local_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => authUsers.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("local_sessions_user_idx").on(t.userId)],
);

/** Failed sign-in attempts, per email and per client address, for throttling. */
export const loginFailures = privateSchema.table(
  "login_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    clientIp: text("client_ip"),
    failedAt: timestamp("failed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("login_failures_email_idx").on(t.email, t.failedAt),
    index("login_failures_ip_idx").on(t.clientIp, t.failedAt),
  ],
);


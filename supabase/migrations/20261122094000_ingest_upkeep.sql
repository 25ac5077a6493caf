-- What a large import costs the database beyond storing the rows (src/server/sync/ingest.ts,
-- src/server/db/maintenance.ts).
--
-- 1. Threading looks stored messages up by the ids in their References every ingest batch.
--    With GIN's fast update, new entries wait in a pending list that each of those lookups
--    reads whole (up to 4 MB) until a VACUUM merges it, so during an import every batch paid
--    more than the one before (a third of PGlite's threading cost). Without a pending list
--    the entries go into the index at once and the lookups answer from the tree.

ALTER INDEX "messages_references_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list('messages_references_idx'::regclass);--> statement-breakpoint

-- 2. No planner statistics for columns no query filters or joins on: bodies, raw source,
--    AI text and per-message JSON. ANALYZE read and summarized all of them (half of the
--    ANALYZE that follows an import on PGlite, and autovacuum's on Postgres); the planner
--    never asks.

ALTER TABLE "messages"
  ALTER COLUMN "body_text" SET STATISTICS 0,
  ALTER COLUMN "full_text" SET STATISTICS 0,
  ALTER COLUMN "body_html" SET STATISTICS 0,
  ALTER COLUMN "raw_source" SET STATISTICS 0,
  ALTER COLUMN "snippet" SET STATISTICS 0,
  ALTER COLUMN "headers" SET STATISTICS 0,
  ALTER COLUMN "provider_meta" SET STATISTICS 0,
  ALTER COLUMN "attachments" SET STATISTICS 0,
  ALTER COLUMN "calendar_parts" SET STATISTICS 0,
  ALTER COLUMN "ai_summary" SET STATISTICS 0,
  ALTER COLUMN "ai_short_summary" SET STATISTICS 0,
  ALTER COLUMN "ai_key_points" SET STATISTICS 0,
  ALTER COLUMN "ai_reason" SET STATISTICS 0;

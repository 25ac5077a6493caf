-- Keep messages.search (the generated tsvector) inside the row instead of in the TOAST table.
--
-- A tsvector averages ~1.2 kB here, and with the body three times over (body_text, full_text,
-- body_html) a message row is well past the ~2 kB at which Postgres moves its largest values
-- out of line: ~85% of the vectors lived in pg_toast. Every `search @@ query` that
-- app.search_inbox checks row by row (newest first along messages_recent_idx, or a GIN
-- recheck for a phrase) then cost a TOAST index lookup and another page on top of the row.
-- With storage MAIN the body columns (EXTENDED) go out of line first and the vector stays
-- with the row. At 100,000 messages (scripts/bench-inbox.ts) the buffers one search reads
-- drop about fivefold: "security audit" 10,646 -> 2,269 (more than the embedded database's
-- 16 MB buffer pool before, so part of it was read again on every run), "channel:gmail
-- lunch" 7,508 -> 1,600, "quarterly report" 5,303 -> 1,111, "budget" 1,758 -> 335; the
-- phrase search went from ~33 to ~12 ms on PGlite. The planner, whose cost of checking a
-- row never counted TOAST, is no longer far off either. Compression is still allowed
-- (MAIN), and a vector too large even for that still moves out of line.
--
-- Only rows written from now on are stored this way; rows already stored keep their vector
-- where it is until the row is rewritten (VACUUM FULL public.messages does all of them).

ALTER TABLE "messages" ALTER COLUMN "search" SET STORAGE MAIN;

-- Keep messages.search (the generated tsvector) inside the row instead of in the TOAST table,
-- and let a message row be up to half a page before Postgres moves its values out.
--
-- A tsvector averages ~1.2 kB here, and with the body three times over (body_text, full_text,
-- body_html) a message row is well past the ~2 kB at which Postgres moves its largest values
-- out of line: ~85% of the vectors lived in pg_toast. Every `search @@ query` that
-- app.search_inbox checks row by row (newest first along messages_recent_idx, or a GIN
-- recheck for a phrase) then cost a TOAST index lookup and another page on top of the row.
--
-- 1. Storage MAIN for the vector: EXTENDED columns (the bodies) go out of line first and the
--    vector stays with the row. Compression is still allowed, and a vector too large even
--    for that still moves out of line.
-- 2. toast_tuple_target 4080 (from ~2 kB): with the vector pinned and the old target, the
--    toaster pushed out everything else it could to get a row under 2 kB: the subject, the
--    snippet, the short summary and the recipients of half the messages, which the inbox
--    list then read back from TOAST one row at a time (the list got ~20% slower). With
--    half a page those stay in the row; the long bodies still go out.
--
-- At 100,000 messages (scripts/bench-inbox.ts) the buffers one search reads drop about
-- fivefold: "security audit" 10,646 -> 2,269 (more than the embedded database's 16 MB
-- buffer pool before, so part of it was read again on every run), "channel:gmail lunch"
-- 7,508 -> 1,600, "quarterly report" 5,303 -> 1,111, "budget" 1,758 -> 335; the phrase
-- search went from ~29 to ~11 ms on PGlite, the list stayed as fast. The table grows
-- (heap 160 -> 386 MB, TOAST 357 -> 188 MB: ~10% more in all).
--
-- Only rows written from now on are stored this way; rows already stored keep their layout
-- until the row is rewritten (VACUUM FULL public.messages does all of them).

ALTER TABLE "messages" ALTER COLUMN "search" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "messages" SET (toast_tuple_target = 4080);

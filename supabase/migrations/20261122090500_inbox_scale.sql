-- The inbox at 100,000 messages (scripts/bench-inbox.ts measures it).
--
-- 1. One partial index per inbox view (and per priority, for the Priority view), each in the
--    view's order: (workspace_id, sent_at desc nulls last, id desc). Under row-level
--    security a condition may only become an index condition if its operator is leakproof;
--    uuid and timestamptz comparisons are, enum comparisons are not. So what a view selects
--    (is_archived, direction, priority, actionability...) lives in the index predicate, which
--    Postgres may still match, and the keyset `(sent_at, id) < (cursor)` is an index
--    condition: a page reads its 50 rows and no others, on the first page or the 200th.
--    src/server/inbox/list-messages.ts writes the same predicates, literally.

DROP INDEX IF EXISTS "messages_inbox_priority_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "messages_inbox_time_idx";--> statement-breakpoint
CREATE INDEX "messages_inbox_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound';--> statement-breakpoint
CREATE INDEX "messages_inbox_urgent_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound' and priority = 'urgent';--> statement-breakpoint
CREATE INDEX "messages_inbox_high_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound' and priority = 'high';--> statement-breakpoint
CREATE INDEX "messages_inbox_medium_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound' and priority = 'medium';--> statement-breakpoint
CREATE INDEX "messages_inbox_low_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound' and priority = 'low';--> statement-breakpoint
CREATE INDEX "messages_inbox_noise_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound' and priority = 'noise';--> statement-breakpoint
CREATE INDEX "messages_inbox_unclassified_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound' and priority is null;--> statement-breakpoint
CREATE INDEX "messages_unread_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound' and is_read = false;--> statement-breakpoint
CREATE INDEX "messages_needs_reply_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = false and direction = 'inbound' and actionability = 'reply_needed';--> statement-breakpoint
CREATE INDEX "messages_starred_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_starred = true;--> statement-breakpoint
CREATE INDEX "messages_sent_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE direction = 'outbound';--> statement-breakpoint
CREATE INDEX "messages_archived_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC) WHERE is_archived = true and direction = 'inbound';--> statement-breakpoint
-- Search results newest first, whatever the folder.
CREATE INDEX "messages_recent_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST,"id" DESC);--> statement-breakpoint

-- 2. Search. `@@` (and ILIKE) are not leakproof, so through row-level security the GIN
--    index over messages.search is never used and every message of the workspace is read
--    (seconds at 100,000). This function runs as its owner after checking that the caller
--    is a member of the workspace (for anyone else it finds nothing), and only ever reads
--    that workspace. It returns the ids
--    of the best matches; src/server/inbox/search-messages.ts then reads those rows as the
--    user, through row-level security, and marks the matches.
--
--    Ranking is bounded: the newest `candidates` matches are ranked, not every match, so a
--    common word costs what a rare one does (search-messages.ts asks for 50: the newest
--    50 matches, best first). Operators are filters; the
--    statement is built from fixed fragments with every value passed as a parameter.

create or replace function app.search_inbox(
  ws uuid,
  search_text text,
  from_terms text[] default '{}',
  to_terms text[] default '{}',
  channels text[] default '{}',
  categories text[] default '{}',
  is_unread boolean default null,
  is_starred boolean default null,
  is_archived boolean default null,
  sent_before timestamptz default null,
  sent_after timestamptz default null,
  max_results integer default 50,
  candidates integer default 50
)
returns table (id uuid, rank real)
language plpgsql stable security definer set search_path = ''
as $$
declare
  statement text;
  filters text := 'm.workspace_id = $1';
  query tsquery;
  i integer;
begin
  -- Another workspace's mail does not exist for the caller, as under row-level security.
  if not app.is_workspace_member(ws) then
    return;
  end if;
  if coalesce(btrim(search_text), '') <> '' then
    query := websearch_to_tsquery('english'::regconfig, search_text);
    -- Only stop words ("the", "to"): nothing can match.
    if numnode(query) = 0 then
      return;
    end if;
    filters := filters || ' and m.search @@ $2';
  end if;
  -- from: the people whose address or name contains the term (contacts, kept by ingest for
  -- every sender) and the workspace's own accounts (what was sent from them): a short list
  -- of addresses that messages_sender_idx finds, instead of ILIKE over every message.
  for i in 1 .. coalesce(array_length(from_terms, 1), 0) loop
    filters := filters || format(' and m.sender_email = any (array('
      || 'select c.email from public.contacts c where c.workspace_id = $1 and (c.email ilike ($3)[%1$s] or c.name ilike ($3)[%1$s])'
      || ' union select lower(a.provider_account_id) from public.channel_connections a'
      || ' where a.workspace_id = $1 and (a.provider_account_id ilike ($3)[%1$s] or a.display_name ilike ($3)[%1$s])))', i);
  end loop;
  -- to: inside coalesce, which the planner estimates as common rather than as the rare
  -- thing it takes any substring match for: to:me is in nearly every message, and believing
  -- it rare made it read every message with the words instead of the newest few.
  for i in 1 .. coalesce(array_length(to_terms, 1), 0) loop
    filters := filters || format(' and coalesce(m.recipients::text ilike ($4)[%s], false)', i);
  end loop;
  if coalesce(array_length(channels, 1), 0) > 0 then
    -- The workspace's accounts on those channels, found once, not once a message.
    filters := filters || ' and m.connection_id = any (array(select c.id from public.channel_connections c'
      || ' where c.workspace_id = $1 and c.provider::text = any ($5)))';
  end if;
  if coalesce(array_length(categories, 1), 0) > 0 then
    filters := filters || ' and m.category::text = any ($6)';
  end if;
  if is_unread is not null then
    filters := filters || ' and m.is_read = not $7';
  end if;
  if is_starred is not null then
    filters := filters || ' and m.is_starred = $8';
  end if;
  if is_archived is not null then
    filters := filters || ' and m.is_archived = $9';
  end if;
  if sent_before is not null then
    filters := filters || ' and m.sent_at < $10';
  end if;
  if sent_after is not null then
    filters := filters || ' and m.sent_at >= $11';
  end if;

  statement := 'with hits as (select m.id, m.sent_at, m.search from public.messages m where ' || filters
    || ' order by m.sent_at desc nulls last, m.id desc limit $13)'
    || ' select h.id, (case when $2 is null then 0 else ts_rank(h.search, $2) end)::real as rank from hits h'
    || ' order by 2 desc, h.sent_at desc nulls last, h.id desc limit $12';
  return query execute statement
    using ws, query, from_terms, to_terms, channels, categories, is_unread, is_starred, is_archived,
          sent_before, sent_after, least(greatest(max_results, 1), 200), least(greatest(candidates, 1), 10000);
end
$$;--> statement-breakpoint

revoke all on function app.search_inbox(uuid, text, text[], text[], text[], text[], boolean, boolean, boolean, timestamptz, timestamptz, integer, integer) from public;--> statement-breakpoint
grant execute on function app.search_inbox(uuid, text, text[], text[], text[], text[], boolean, boolean, boolean, timestamptz, timestamptz, integer, integer) to authenticated, service_role;

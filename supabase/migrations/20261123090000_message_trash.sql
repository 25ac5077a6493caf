-- Delete (trash) from Aiva, mirrored to the provider (src/server/inbox/trash-messages.ts).
--
-- A deleted message is hidden at once and deleted for good a few seconds later, when the
-- provider has moved it to its Trash; Undo in between clears trashed_at. Every read path
-- leaves rows with trashed_at set out: the inbox views (src/server/inbox/list-messages.ts),
-- the reader (get-thread.ts) and search (app.search_inbox, below).
--
-- The views' partial indexes stay as they are: `trashed_at is null` is one more condition
-- on rows the index already returns (a query whose predicate implies an index's predicate
-- may use it), and only the few messages inside their undo window carry a value, so no
-- index has to be rebuilt and no page reads more rows than it did.

ALTER TABLE "messages" ADD COLUMN "trashed_at" timestamp with time zone;--> statement-breakpoint

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
  -- Messages waiting to be deleted (trashed_at set) are gone for the person already.
  filters text := 'm.workspace_id = $1 and m.trashed_at is null';
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

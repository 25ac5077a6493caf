import { eq, inArray, sql } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import type { InboxItem } from "@/lib/inbox-types";
import { messages, threads } from "@/server/db/schema";
import { resultRows, withUser } from "@/server/db/with-rls";
import { inboxItemColumns, toInboxItem } from "./list-messages";
import { MARK_END, MARK_START, excerpt, markAll, queryLexemes } from "./search-highlight";
import { parseSearch, searchQuerySchema } from "./search-query";

// Server-side search over subject, body and people (the messages.search tsvector and its
// GIN index), narrowed by operators. Two steps in one transaction as the user:
//   1. app.search_inbox (supabase/migrations/20261122090500_inbox_scale.sql) finds the ids
//      of the best matches. Through row-level security `@@` can't use the GIN index (it is
//      not leakproof), so that function runs as its owner after checking the caller is a
//      member of the workspace, and reads only that workspace. It ranks only the newest
//      SEARCH_CANDIDATES matches (a page: the newest 50 matches, best first), so a common
//      word costs what a rare one does; on the embedded database every further candidate
//      is another row read from disk.
//   2. Those rows are read as the user, through row-level security; the matches are marked
//      (search-highlight.ts) with \u0002 … \u0003, which the client turns into <mark>
//      without ever rendering HTML from the server.

export const SEARCH_LIMIT = 50;
/** How many of the newest matches are ranked (see app.search_inbox). */
export const SEARCH_CANDIDATES = 50;
export { MARK_END, MARK_START };

export type SearchResult = { items: InboxItem[]; problems: string[]; query: string };

const like = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** A text[] parameter (drizzle would spread a JS array into a list). */
const textArray = (values: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

export async function searchMessages(userId: string, workspaceId: string, input: string): Promise<SearchResult> {
  const parsed = searchQuerySchema.safeParse(input);
  if (!parsed.success) throw new SafeError(parsed.error.issues[0]!.message, "bad_query");
  const search = parseSearch(parsed.data);
  const narrowed =
    search.text ||
    search.from.length ||
    search.to.length ||
    search.channels.length ||
    search.categories.length ||
    Object.keys(search.is).length ||
    search.before ||
    search.after;
  if (!narrowed) {
    throw new SafeError(search.problems[0] ?? "Type words to search for, or an operator like from:dana.", "bad_query");
  }
  const { rows, lexemes } = await withUser(userId, async (tx) => {
    const hits = resultRows<{ id: string; query: string | null }>(
      await tx.execute(sql`
        select id::text as id, ${search.text ? sql`(select websearch_to_tsquery('english'::regconfig, ${search.text})::text)` : sql`null`} as query
        from app.search_inbox(
          ${workspaceId}::uuid, ${search.text},
          ${textArray(search.from.map(like))}, ${textArray(search.to.map(like))},
          ${textArray(search.channels)}, ${textArray(search.categories)},
          ${search.is.unread ?? null}::boolean, ${search.is.starred ?? null}::boolean, ${search.is.archived ?? null}::boolean,
          ${search.before?.toISOString() ?? null}::timestamptz, ${search.after?.toISOString() ?? null}::timestamptz,
          ${SEARCH_LIMIT}, ${SEARCH_CANDIDATES})`),
    );
    if (hits.length === 0) return { rows: [], lexemes: [] };
    const ids = hits.map((h) => h.id);
    const found = await tx
      .select({ ...inboxItemColumns, body: sql<string | null>`left(${messages.bodyText}, 4000)` })
      .from(messages)
      .leftJoin(threads, eq(threads.id, messages.threadId))
      .where(inArray(messages.id, ids));
    const byId = new Map(found.map((r) => [r.id, r]));
    return { rows: ids.flatMap((id) => byId.get(id) ?? []), lexemes: hits[0]!.query ? queryLexemes(hits[0]!.query) : [] };
  });

  return {
    query: parsed.data,
    problems: search.problems,
    items: rows.map(
      (r): InboxItem => ({
        ...toInboxItem(r),
        highlight: lexemes.length ? { subject: markAll(r.subject, lexemes), snippet: excerpt(r.body, lexemes) } : null,
      }),
    ),
  };
}

import { type SQL, and, desc, eq, gte, ilike, inArray, lt, or, sql } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import type { InboxItem } from "@/lib/inbox-types";
import { channelConnections, messages, threads } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { inboxItemColumns, toInboxItem } from "./list-messages";
import { parseSearch, searchQuerySchema } from "./search-query";

// Server-side search over subject, body and people (the messages.search tsvector and its
// GIN index), narrowed by operators. Row-level security decides what is searched: the
// query runs as the user. Matches come back marked for highlighting with \u0002 … \u0003,
// which the client turns into <mark> without ever rendering HTML from the server.

export const SEARCH_LIMIT = 50;
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";

export type SearchResult = { items: InboxItem[]; problems: string[]; query: string };

const like = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchMessages(userId: string, workspaceId: string, input: string): Promise<SearchResult> {
  const parsed = searchQuerySchema.safeParse(input);
  if (!parsed.success) throw new SafeError(parsed.error.issues[0]!.message, "bad_query");
  const search = parseSearch(parsed.data);
  const tsquery = search.text ? sql`websearch_to_tsquery('english'::regconfig, ${search.text})` : null;

  const filters: (SQL | undefined)[] = [eq(messages.workspaceId, workspaceId)];
  if (tsquery) filters.push(sql`${messages.search} @@ ${tsquery}`);
  for (const who of search.from) filters.push(or(ilike(messages.senderEmail, like(who)), ilike(messages.senderName, like(who))));
  for (const who of search.to) filters.push(sql`${messages.recipients}::text ilike ${like(who)}`);
  if (search.channels.length) filters.push(inArray(channelConnections.provider, search.channels));
  if (search.categories.length) filters.push(inArray(messages.category, search.categories));
  if (search.is.unread !== undefined) filters.push(eq(messages.isRead, !search.is.unread));
  if (search.is.starred !== undefined) filters.push(eq(messages.isStarred, search.is.starred));
  if (search.is.archived !== undefined) filters.push(eq(messages.isArchived, search.is.archived));
  if (search.before) filters.push(lt(messages.sentAt, search.before));
  if (search.after) filters.push(gte(messages.sentAt, search.after));
  if (filters.length === 1) {
    throw new SafeError(search.problems[0] ?? "Type words to search for, or an operator like from:dana.", "bad_query");
  }

  const headline = (column: SQL | typeof messages.subject, options: string) =>
    tsquery
      ? sql<string | null>`ts_headline('english'::regconfig, coalesce(${column}, ''), ${tsquery}, ${options})`
      : sql<string | null>`null`;
  const marks = `StartSel=${MARK_START}, StopSel=${MARK_END}`;

  const rows = await withUser(userId, (tx) =>
    tx
      .select({
        ...inboxItemColumns,
        subjectMarked: headline(messages.subject, `${marks}, HighlightAll=true`),
        snippetMarked: headline(sql`left(${messages.bodyText}, 20000)`, `${marks}, MaxWords=24, MinWords=8, MaxFragments=1`),
      })
      .from(messages)
      .innerJoin(channelConnections, eq(channelConnections.id, messages.connectionId))
      .leftJoin(threads, eq(threads.id, messages.threadId))
      .where(and(...filters))
      .orderBy(...(tsquery ? [sql`ts_rank(${messages.search}, ${tsquery}) desc`] : []), desc(messages.sentAt), desc(messages.id))
      .limit(SEARCH_LIMIT),
  );

  return {
    query: parsed.data,
    problems: search.problems,
    items: rows.map(
      (r): InboxItem => ({
        ...toInboxItem(r),
        highlight: tsquery
          ? { subject: r.subjectMarked?.includes(MARK_START) ? r.subjectMarked : null, snippet: r.snippetMarked?.includes(MARK_START) ? r.snippetMarked : null }
          : null,
      }),
    ),
  };
}

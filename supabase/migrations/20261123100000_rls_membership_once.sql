-- Row-level security that looks up the caller's workspaces once per statement, not once per row.
--
-- The policies written so far (20261122023500_rls.sql, 20261122030435_sync_engine.sql) read
-- `using (app.is_workspace_member(workspace_id))`. That function depends on the row, so
-- Postgres calls it for every row a statement touches, and being `security definer` with a
-- pinned search_path each call also saves and restores settings. Reading the 50 messages
-- of a search with their threads made 100 such calls (EXPLAIN ANALYZE on the embedded
-- database: 32 ms with them, 1.8 ms without, instrumentation included); the inbox list at
-- 100,000 messages (scripts/bench-inbox.ts) got ~15% faster at the median.
--
-- app.member_workspace_ids() returns the caller's workspaces as an array. Wrapped in a
-- sub-select, `(select app.member_workspace_ids())` is an InitPlan: evaluated once when the
-- statement starts, and `workspace_id = any (...)` is then a plain uuid comparison per row
-- (leakproof, so it may also serve as an index condition). Who may see what is unchanged:
-- a row is visible exactly when its workspace_id is one of the caller's memberships, as
-- is_workspace_member decided; NULL workspace ids match nothing, as before. The array is
-- read at the start of each statement, so a membership granted or revoked is seen by the
-- next statement, as before.
--
-- The workspaces and workspace_members policies (one row or a few per statement, and the
-- role checks for changes) stay as they are.

create or replace function app.member_workspace_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(m.workspace_id), '{}')
  from public.workspace_members m
  where m.user_id = (select auth.uid())
$$;--> statement-breakpoint

revoke all on function app.member_workspace_ids() from public;--> statement-breakpoint
grant execute on function app.member_workspace_ids() to authenticated, service_role;--> statement-breakpoint

do $$
declare
  t text;
  member constant text := 'workspace_id = any ((select app.member_workspace_ids())::uuid[])';
begin
  -- Workspace content: members read and write.
  foreach t in array array['threads', 'messages', 'message_drafts', 'events', 'tasks', 'contacts']
  loop
    execute format('alter policy %I on public.%I using (%s)', t || '_select', t, member);
    execute format('alter policy %I on public.%I with check (%s)', t || '_insert', t, member);
    execute format('alter policy %I on public.%I using (%s) with check (%s)', t || '_update', t, member, member);
    execute format('alter policy %I on public.%I using (%s)', t || '_delete', t, member);
  end loop;

  -- Connections: every member sees them; the person who connected an account, or an
  -- admin, changes or removes it.
  foreach t in array array['channel_connections', 'calendar_connections']
  loop
    execute format('alter policy %I on public.%I using (%s)', t || '_select', t, member);
    execute format('alter policy %I on public.%I with check (%s and user_id = (select auth.uid()))', t || '_insert', t, member);
    execute format($p$alter policy %I on public.%I
      using (%s and (user_id = (select auth.uid()) or app.has_workspace_role(workspace_id, 'admin')))
      with check (%s)$p$, t || '_update', t, member, member);
    execute format($p$alter policy %I on public.%I
      using (%s and (user_id = (select auth.uid()) or app.has_workspace_role(workspace_id, 'admin')))$p$,
      t || '_delete', t, member);
  end loop;

  -- Read-only for members: the AI audit log and sync runs.
  foreach t in array array['ai_action_logs', 'sync_runs']
  loop
    execute format('alter policy %I on public.%I using (%s)', t || '_select', t, member);
  end loop;
end
$$;

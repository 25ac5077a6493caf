-- Row-level security, grants and the database-side rules of workspaces.
--
-- Every table with a workspace_id is readable and writable only by members of that
-- workspace, checked through app.is_workspace_member / app.has_workspace_role. Those are
-- `security definer` so policies on workspace_members do not recurse. `(select auth.uid())`
-- is wrapped in a sub-select so Postgres evaluates it once per statement, as Supabase advises.

create schema if not exists app;
revoke all on schema app from public;
grant usage on schema app to authenticated, service_role;

-- ---------------------------------------------------------------------------------------
-- Membership helpers

create or replace function app.is_workspace_member(ws uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.workspace_members m
    where m.workspace_id = ws and m.user_id = (select auth.uid())
  )
$$;

-- The caller's role in a workspace, or NULL. Roles are ordered owner < admin < member.
create or replace function app.workspace_role(ws uuid) returns public.workspace_role
language sql stable security definer set search_path = ''
as $$
  select m.role from public.workspace_members m
  where m.workspace_id = ws and m.user_id = (select auth.uid())
$$;

create or replace function app.has_workspace_role(ws uuid, at_least public.workspace_role) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(app.workspace_role(ws) <= at_least, false)
$$;

-- True when the caller shares at least one workspace with `other` (profiles are visible
-- to co-members, e.g. in the members list).
create or replace function app.shares_workspace_with(other uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1
    from public.workspace_members mine
    join public.workspace_members theirs on theirs.workspace_id = mine.workspace_id
    where mine.user_id = (select auth.uid()) and theirs.user_id = other
  )
$$;

-- ---------------------------------------------------------------------------------------
-- Workspace rules that hold whoever writes: the creator becomes owner; the last owner stays.

create or replace function private.add_creator_as_owner() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.workspace_members (workspace_id, user_id, role)
    values (new.id, new.created_by, 'owner')
    on conflict (workspace_id, user_id) do update set role = 'owner';
  end if;
  return new;
end
$$;

create trigger workspaces_add_creator_as_owner
after insert on public.workspaces
for each row execute function private.add_creator_as_owner();

create or replace function private.keep_last_owner() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.role <> 'owner' or (tg_op = 'UPDATE' and new.role = 'owner') then
    return coalesce(new, old);
  end if;
  -- Deleting the workspace or the user cascades here; let those through.
  if not exists (select 1 from public.workspaces w where w.id = old.workspace_id)
     or not exists (select 1 from auth.users u where u.id = old.user_id) then
    return coalesce(new, old);
  end if;
  if not exists (
    select 1 from public.workspace_members m
    where m.workspace_id = old.workspace_id and m.role = 'owner' and m.user_id <> old.user_id
  ) then
    raise exception 'A workspace needs at least one owner.' using errcode = 'AV001';
  end if;
  return coalesce(new, old);
end
$$;

create trigger workspace_members_keep_last_owner
before update or delete on public.workspace_members
for each row execute function private.keep_last_owner();

create or replace function private.touch_updated_at() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.updated_at = now();
  return new;
end
$$;

do $$
declare t text;
begin
  foreach t in array array['workspaces', 'profiles', 'channel_connections', 'calendar_connections',
                           'threads', 'messages', 'events', 'tasks']
  loop
    execute format(
      'create trigger %I before update on public.%I for each row execute function private.touch_updated_at()',
      t || '_touch_updated_at', t);
  end loop;
end
$$;

-- ---------------------------------------------------------------------------------------
-- First sign-in: a profile and a personal workspace, exactly once, whichever auth path
-- created the user (local accounts insert into auth.users; so does Supabase Auth).

create or replace function private.initialize_user(uid uuid, user_email text, user_name text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  ws uuid;
  label text := coalesce(nullif(trim(user_name), ''), split_part(coalesce(user_email, ''), '@', 1), 'My');
begin
  insert into public.profiles (id, email, display_name)
  values (uid, coalesce(user_email, ''), nullif(trim(user_name), ''))
  on conflict (id) do nothing;
  if not found then
    return null;
  end if;
  ws := gen_random_uuid();
  insert into public.workspaces (id, name, is_personal, created_by)
  values (ws, label || '''s workspace', true, uid);
  update public.profiles set last_workspace_id = ws where id = uid;
  return ws;
end
$$;

create or replace function private.on_auth_user_created() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.initialize_user(new.id, new.email, new.raw_user_meta_data ->> 'name');
  return new;
end
$$;

create trigger on_auth_user_created
after insert on auth.users
for each row execute function private.on_auth_user_created();

-- ---------------------------------------------------------------------------------------
-- Adding a member by email needs a lookup across all profiles, which RLS forbids the
-- caller; this function does it after checking the caller may manage members.

create or replace function app.add_workspace_member(ws uuid, member_email text, member_role public.workspace_role)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
  target uuid;
begin
  if not app.has_workspace_role(ws, 'admin') then
    raise exception 'Only owners and admins can add members.' using errcode = '42501';
  end if;
  if member_role = 'owner' and app.workspace_role(ws) <> 'owner' then
    raise exception 'Only owners can add another owner.' using errcode = '42501';
  end if;
  select p.id into target from public.profiles p where lower(p.email) = lower(trim(member_email));
  if target is null then
    return 'not_found';
  end if;
  insert into public.workspace_members (workspace_id, user_id, role)
  values (ws, target, member_role)
  on conflict (workspace_id, user_id) do nothing;
  if not found then
    return 'already_member';
  end if;
  return 'added';
end
$$;

-- ---------------------------------------------------------------------------------------
-- Full-text search. Through RLS the GIN index cannot be used (`@@` is not leakproof), so
-- the search runs as definer after checking membership, always filtered by workspace.

create or replace function app.search_messages(ws uuid, query text, max_results integer default 50)
returns setof public.messages
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not app.is_workspace_member(ws) then
    raise exception 'Not a member of this workspace.' using errcode = '42501';
  end if;
  return query
    select m.*
    from public.messages m
    where m.workspace_id = ws
      and m.search @@ websearch_to_tsquery('english'::regconfig, query)
    order by ts_rank(m.search, websearch_to_tsquery('english'::regconfig, query)) desc,
             m.sent_at desc nulls last
    limit least(greatest(max_results, 1), 200);
end
$$;

revoke all on all functions in schema app from public;
grant execute on all functions in schema app to authenticated, service_role;
revoke all on all functions in schema private from public;
-- First sign-in through Supabase Auth (src/server/workspaces/initialize-user.ts).
grant execute on function private.initialize_user(uuid, text, text) to service_role;

-- ---------------------------------------------------------------------------------------
-- Grants. anon reaches nothing; authenticated reaches public tables through RLS only;
-- service_role (bypassrls) is the server's background path. `private` is not granted to
-- anon or authenticated at all: secrets and sessions live there.

revoke all on all tables in schema public from anon;
grant select, insert, update, delete on all tables in schema public to authenticated;
grant all on all tables in schema public to service_role;

revoke all on schema private from public;
revoke all on all tables in schema private from anon, authenticated;
grant usage on schema private to service_role;
grant all on all tables in schema private to service_role;

-- ---------------------------------------------------------------------------------------
-- Policies

alter table public.workspaces enable row level security;
create policy workspaces_select on public.workspaces for select to authenticated
  using (app.is_workspace_member(id));
create policy workspaces_insert on public.workspaces for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy workspaces_update on public.workspaces for update to authenticated
  using (app.has_workspace_role(id, 'admin')) with check (app.has_workspace_role(id, 'admin'));
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (app.has_workspace_role(id, 'owner'));

alter table public.workspace_members enable row level security;
create policy workspace_members_select on public.workspace_members for select to authenticated
  using (app.is_workspace_member(workspace_id));
-- Admins manage members but only owners touch owner rows or grant ownership.
create policy workspace_members_insert on public.workspace_members for insert to authenticated
  with check (
    app.has_workspace_role(workspace_id, 'admin')
    and (role <> 'owner' or app.has_workspace_role(workspace_id, 'owner'))
  );
create policy workspace_members_update on public.workspace_members for update to authenticated
  using (
    app.has_workspace_role(workspace_id, 'admin')
    and (role <> 'owner' or app.has_workspace_role(workspace_id, 'owner'))
  )
  with check (
    app.has_workspace_role(workspace_id, 'admin')
    and (role <> 'owner' or app.has_workspace_role(workspace_id, 'owner'))
  );
-- ...and anyone may leave.
create policy workspace_members_delete on public.workspace_members for delete to authenticated
  using (
    user_id = (select auth.uid())
    or (
      app.has_workspace_role(workspace_id, 'admin')
      and (role <> 'owner' or app.has_workspace_role(workspace_id, 'owner'))
    )
  );

alter table public.profiles enable row level security;
create policy profiles_select on public.profiles for select to authenticated
  using (id = (select auth.uid()) or app.shares_workspace_with(id));
create policy profiles_insert on public.profiles for insert to authenticated
  with check (id = (select auth.uid()));
create policy profiles_update on public.profiles for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

-- Connections: every member sees them; the person who connected an account, or an
-- admin, changes or removes it.
do $$
declare t text;
begin
  foreach t in array array['channel_connections', 'calendar_connections']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format($p$create policy %I on public.%I for select to authenticated
      using (app.is_workspace_member(workspace_id))$p$, t || '_select', t);
    execute format($p$create policy %I on public.%I for insert to authenticated
      with check (app.is_workspace_member(workspace_id) and user_id = (select auth.uid()))$p$, t || '_insert', t);
    execute format($p$create policy %I on public.%I for update to authenticated
      using (app.is_workspace_member(workspace_id)
             and (user_id = (select auth.uid()) or app.has_workspace_role(workspace_id, 'admin')))
      with check (app.is_workspace_member(workspace_id))$p$, t || '_update', t);
    execute format($p$create policy %I on public.%I for delete to authenticated
      using (app.is_workspace_member(workspace_id)
             and (user_id = (select auth.uid()) or app.has_workspace_role(workspace_id, 'admin')))$p$, t || '_delete', t);
  end loop;
end
$$;

-- Workspace content: members read and write.
do $$
declare t text;
begin
  foreach t in array array['threads', 'messages', 'message_drafts', 'events', 'tasks']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format($p$create policy %I on public.%I for select to authenticated
      using (app.is_workspace_member(workspace_id))$p$, t || '_select', t);
    execute format($p$create policy %I on public.%I for insert to authenticated
      with check (app.is_workspace_member(workspace_id))$p$, t || '_insert', t);
    execute format($p$create policy %I on public.%I for update to authenticated
      using (app.is_workspace_member(workspace_id))
      with check (app.is_workspace_member(workspace_id))$p$, t || '_update', t);
    execute format($p$create policy %I on public.%I for delete to authenticated
      using (app.is_workspace_member(workspace_id))$p$, t || '_delete', t);
  end loop;
end
$$;

-- The AI audit log: members read; only the service path writes.
alter table public.ai_action_logs enable row level security;
create policy ai_action_logs_select on public.ai_action_logs for select to authenticated
  using (app.is_workspace_member(workspace_id));
revoke insert, update, delete on public.ai_action_logs from authenticated;

-- Private tables get RLS too, with no policy: even a mistaken grant exposes nothing.
alter table private.secrets enable row level security;
alter table private.local_sessions enable row level security;
alter table private.login_failures enable row level security;

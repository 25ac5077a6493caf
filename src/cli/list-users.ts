import { sql } from "drizzle-orm";
import { resultRows, withService } from "@/server/db/with-rls";

export async function listUsers(): Promise<{ email: string; workspaces: string[] }[]> {
  const result = await withService({ userId: "admin-cli", reason: "list accounts" }, (tx) =>
    tx.execute(sql`
      select p.email, coalesce(array_agg(w.name order by w.name) filter (where w.id is not null), '{}') as workspaces
      from public.profiles p
      left join public.workspace_members m on m.user_id = p.id
      left join public.workspaces w on w.id = m.workspace_id
      group by p.email
      order by p.email`),
  );
  return resultRows<{ email: string; workspaces: string[] }>(result);
}

import { isAuthorizedCronRequest } from "@/server/sync/cron-auth";
import { runCronSync } from "@/server/sync/cron-sync";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export async function GET(request: Request) {
  if (!isAuthorizedCronRequest(request.headers.get("authorization"))) {
    return Response.json({ error: "Unauthorized" }, { status: 401 });
  }
  return Response.json(await runCronSync());
}

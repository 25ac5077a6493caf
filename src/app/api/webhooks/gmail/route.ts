import { handleGmailPush } from "@/server/channels/gmail/push";
import { apiErrorResponse, jsonResponse } from "@/server/http/api-error";

// Pub/Sub pushes Gmail's change notifications here. Verify, queue a sync, acknowledge:
// any 2xx tells Pub/Sub the message is delivered, anything else makes it retry.

export const dynamic = "force-dynamic";

const MESSAGES = { 400: "Malformed push message", 401: "Unauthorized", 403: "Forbidden", 503: "Push notifications are not available" } as const;

export async function POST(request: Request) {
  try {
    const outcome = await handleGmailPush({ authorization: request.headers.get("authorization"), body: await request.text() });
    if (outcome.kind === "refused") return jsonResponse({ error: MESSAGES[outcome.status] }, outcome.status);
    return new Response(null, { status: 204 });
  } catch (error) {
    return apiErrorResponse(error, "webhooks/gmail");
  }
}

import { GENERIC_ERROR_MESSAGE, SafeError } from "@/lib/errors";

// Route handlers answer errors as JSON `{ error: "<message a person can read>" }` with a
// fitting status. An ApiError carries both; a SafeError is the person's mistake (400);
// anything else is logged and answered with the generic message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const NO_STORE = { "Cache-Control": "no-store" };

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export function apiErrorResponse(error: unknown, where: string): Response {
  if (error instanceof ApiError) return jsonResponse({ error: error.message }, error.status);
  if (error instanceof SafeError) return jsonResponse({ error: error.message }, 400);
  console.error(`[api ${where}]`, error);
  return jsonResponse({ error: GENERIC_ERROR_MESSAGE }, 500);
}

// What can go wrong while connecting a Gmail account, in words a person can act on. Shared
// by the OAuth routes (server) and the pages that explain a failure (client and server):
// only the kind travels in a URL, never a message, so a link cannot put text on our page.

export const GOOGLE_CONNECT_FAILURES = {
  not_configured: "Gmail isn't set up on this Aiva server yet. Ask whoever runs it to add a Google OAuth client.",
  signed_out: "Your session ended while you were at Google. Sign in and connect Gmail again.",
  invalid_request: "That link to connect Gmail isn't valid. Start again from Settings → Connected accounts.",
  invalid_state: "This sign-in with Google couldn't be verified, so nothing was connected. Start again from Settings.",
  expired: "The sign-in with Google took longer than 10 minutes and expired. Start again from Settings.",
  wrong_user: "This sign-in with Google was started by someone else signed in to Aiva. Nothing was connected.",
  browser_mismatch:
    "This sign-in with Google was started in another browser or tab, or has already been used. Start again from Settings.",
  access_denied: "You didn't give Aiva access to your Google account, so nothing was connected.",
  google_error: "Google couldn't complete the sign-in. Nothing was connected; please try again.",
  exchange_failed: "Google didn't accept the sign-in (it may have expired or been used already). Start again from Settings.",
  no_email: "Google didn't tell Aiva which email address this account has, so nothing was connected.",
  missing_scope: "Aiva needs permission to read and organise your Gmail. Connect again and leave the Gmail box ticked.",
  no_refresh_token:
    "Google didn't give Aiva lasting access to this account. Remove Aiva at myaccount.google.com/permissions, then connect Gmail again.",
  not_member: "You're not a member of that workspace, so nothing was connected.",
  forbidden: "This Gmail account is already connected in this workspace by someone else. Only they or an admin can reconnect it.",
  unexpected: "Something went wrong on our side while connecting Gmail. Please try again.",
} as const;

export type GoogleConnectFailure = keyof typeof GOOGLE_CONNECT_FAILURES;

export function googleConnectFailureMessage(kind: string | null | undefined): string {
  return kind && kind in GOOGLE_CONNECT_FAILURES
    ? GOOGLE_CONNECT_FAILURES[kind as GoogleConnectFailure]
    : GOOGLE_CONNECT_FAILURES.unexpected;
}

/** The query flag the callback adds to Settings after a successful connect. */
export const CONNECTED_FLAG = "connected";
/** The query flag Settings gets when a connect could not even start. */
export const CONNECT_ERROR_FLAG = "connect_error";

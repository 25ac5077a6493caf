import type { ChannelAdapter } from "../types";
import { fetchGmailRaw } from "./fetch-raw";
import { pushGmailState } from "./push-state";
import { sendGmail } from "./send";
import { syncGmail } from "./sync";
import { trashGmail } from "./trash";

// Gmail as a channel: sync by history id (sync.ts), labels as state (push-state.ts), sending
// through messages.send (send.ts), deleting through messages.trash (trash.ts), a message's
// source on demand for attachment downloads (fetch-raw.ts). Accounts connect through the
// OAuth routes, so there is no connectWithCredentials; client.ts holds the token handling
// both sides share.

export const adapter: ChannelAdapter = {
  provider: "gmail",
  label: "Gmail",
  sync: syncGmail,
  pushState: pushGmailState,
  send: sendGmail,
  trash: trashGmail,
  fetchRawMessage: fetchGmailRaw,
};

import type { ImapFlow, ListResponse } from "imapflow";
import type { MailboxRoles } from "./settings";

// Which folder plays which role: SPECIAL-USE flags first (RFC 6154), then common names.
const NAMES: Record<Exclude<keyof MailboxRoles, "inbox">, RegExp> = {
  sent: /^(sent|sent items|sent mail|sent messages|\[gmail\]\/sent mail|gesendet|envoyés|enviados)$/i,
  archive: /^(archive|archives|all mail|\[gmail\]\/all mail|archiv)$/i,
  trash: /^(trash|deleted items|deleted messages|bin|\[gmail\]\/trash|papierkorb)$/i,
  junk: /^(junk|spam|junk e-mail|bulk mail|\[gmail\]\/spam)$/i,
};
const FLAGS: Record<Exclude<keyof MailboxRoles, "inbox">, string> = {
  sent: "\\Sent",
  archive: "\\Archive",
  trash: "\\Trash",
  junk: "\\Junk",
};

export function detectMailboxRoles(list: ListResponse[]): MailboxRoles {
  const find = (role: keyof typeof FLAGS) =>
    list.find((m) => m.specialUse === FLAGS[role])?.path ??
    (role === "archive" ? list.find((m) => m.specialUse === "\\All")?.path : undefined) ??
    list.find((m) => NAMES[role].test(m.path) || NAMES[role].test(m.name))?.path ??
    null;
  return {
    inbox: list.find((m) => m.specialUse === "\\Inbox" || m.path.toUpperCase() === "INBOX")?.path ?? "INBOX",
    sent: find("sent"),
    archive: find("archive"),
    trash: find("trash"),
    junk: find("junk"),
  };
}

/** The archive folder, created as "Archive" when the server has none. */
export async function ensureArchive(client: ImapFlow, roles: MailboxRoles): Promise<string> {
  if (roles.archive) return roles.archive;
  try {
    await client.mailboxCreate("Archive");
  } catch {
    // Exists already under that name.
  }
  return "Archive";
}

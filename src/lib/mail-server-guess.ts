/** Likely IMAP and SMTP hosts for an address, to prefill the connect form. */
export function guessMailServers(email: string): { imapHost: string; smtpHost: string } {
  const domain = email.split("@")[1]?.trim().toLowerCase() ?? "";
  if (!domain) return { imapHost: "", smtpHost: "" };
  const known: Record<string, [string, string]> = {
    "gmail.com": ["imap.gmail.com", "smtp.gmail.com"],
    "googlemail.com": ["imap.gmail.com", "smtp.gmail.com"],
    "outlook.com": ["outlook.office365.com", "smtp.office365.com"],
    "hotmail.com": ["outlook.office365.com", "smtp.office365.com"],
    "icloud.com": ["imap.mail.me.com", "smtp.mail.me.com"],
    "me.com": ["imap.mail.me.com", "smtp.mail.me.com"],
    "yahoo.com": ["imap.mail.yahoo.com", "smtp.mail.yahoo.com"],
    "fastmail.com": ["imap.fastmail.com", "smtp.fastmail.com"],
  };
  const [imapHost, smtpHost] = known[domain] ?? [`imap.${domain}`, `smtp.${domain}`];
  return { imapHost, smtpHost };
}

/** "Re: Fwd: AW: [2] Budget" → "budget": the part of a subject replies keep. */
export function normalizeSubject(subject: string | null | undefined): string {
  if (!subject) return "";
  let s = subject.trim();
  // Reply/forward prefixes in the languages mail clients commonly use, repeated or numbered.
  const prefix = /^(?:(?:re|fw|fwd|aw|wg|sv|vs|rv|tr|antw|odp|r|ynt|enc|res)(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)/i;
  for (let i = 0; i < 10 && prefix.test(s); i++) s = s.replace(prefix, "");
  return s.replace(/\s+/g, " ").trim().toLowerCase();
}

export function looksLikeReply(subject: string | null | undefined): boolean {
  return Boolean(subject && normalizeSubject(subject) !== subject.trim().replace(/\s+/g, " ").toLowerCase());
}

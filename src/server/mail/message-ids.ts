// Message ids (Message-ID, In-Reply-To, References) as mail writes them. Kept apart from
// parse-mime.ts so code that only needs ids (the import's dedup screen) does not load the
// MIME parser and its HTML libraries.

/** A message id without angle brackets, or null when it is not one. */
export function cleanId(value: string): string | null {
  if (value.length > 1000) return null;
  const id = value.trim().replace(/^<+/, "").replace(/>+$/, "").trim();
  if (!id || id.length > 998) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\s<>\u0000-\u001f\u007f]/.test(id)) return null;
  return id;
}

/** All ids in a References / In-Reply-To / Message-ID value, in order, without brackets. */
export function parseMessageIds(value: string | null | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1] ?? "");
  const candidates = bracketed.length > 0 ? bracketed : value.split(/[\s,]+/).filter((t) => t.includes("@"));
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const candidate of candidates) {
    const id = cleanId(candidate);
    if (id && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}

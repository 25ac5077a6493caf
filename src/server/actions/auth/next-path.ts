import { z } from "zod";

/** A post-sign-in destination: a path on this site only, never another origin. */
export const safeNextPath = z
  .string()
  .optional()
  .transform((value) => (value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : undefined));

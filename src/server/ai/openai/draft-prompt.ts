import { z } from "zod";
import type { AiMessage, DraftRequest, ReplyTone } from "../types";
import { UNTRUSTED_DATA_RULE, contextLines, defuse, estimateTokens, messageBlock, truncateToTokens } from "./prompt-data";

// A reply to the latest message of a thread, in the owner's name. The earlier messages
// are context, newest kept first when the budget runs out; the owner's instructions are
// the only text besides this prompt the model may follow.

export const DRAFT_BODY_TOKENS = 2_500;
/** All earlier messages together, and one of them at most. */
export const DRAFT_THREAD_TOKENS = 1_500;
export const DRAFT_THREAD_MESSAGE_TOKENS = 600;
export const DRAFT_INSTRUCTION_TOKENS = 300;

export const draftOutputSchema = z.object({
  subject: z.string(),
  body: z.string(),
});

export const TONES: Record<ReplyTone, string> = {
  professional: "professional: courteous, clear and complete; no slang, no exclamation marks",
  friendly: "friendly: warm and personal, still to the point; first names where the thread uses them",
  concise: "concise: as short as the answer allows, a few sentences at most, no filler beyond a greeting and a closing",
};

export function draftSystemPrompt(request: Pick<DraftRequest, "tone" | "owner">): string {
  const name = request.owner.name?.trim();
  const signature = name
    ? `End with a short closing and sign as ${defuse(name)}.`
    : "End with a short closing; the owner's name is unknown, so sign with the placeholder [Your name].";
  return `You are Aiva, writing an email reply on behalf of the inbox owner${name ? `, ${defuse(name)}` : ""}. You write as the owner, in the first person.

${UNTRUSTED_DATA_RULE}

Rules for the reply:
- Reply to the message in the <message> block. Earlier messages of the conversation, oldest first, are in <thread>; use them only as context.
- Write in the language the message in <message> is written in.
- Tone: ${TONES[request.tone]}.
- Follow the owner's instructions in <owner_instructions> when there are any; they come from the owner and override these defaults, except the security rule and the rule below.
- Never claim the owner did something (sent, attached, paid, booked, fixed, scheduled) or agree to a commitment unless the owner's instructions say so. Never invent facts, figures, dates or names. Where the reply needs something only the owner knows, write a placeholder in square brackets, such as [date] or [price].
- If the message in <message> was sent by the owner, write a polite follow-up instead.
- Do not repeat or quote the message. Plain text, no markdown.
- ${signature}

Answer with one JSON object: "subject" (the original subject with "Re: " in front, unless it already starts with a reply prefix) and "body" (the full reply text, greeting to signature).`;
}

/** The earlier messages that fit the budget, newest first kept, returned oldest first. */
function threadBlock(thread: AiMessage[]): string | null {
  if (!thread.length) return null;
  const kept: string[] = [];
  let used = 0;
  for (let i = thread.length - 1; i >= 0; i--) {
    const block = messageBlock(thread[i]!, DRAFT_THREAD_MESSAGE_TOKENS, { tag: "earlier_message", attrs: ` n="${i + 1}"`, brief: true });
    const cost = estimateTokens(block);
    if (used + cost > DRAFT_THREAD_TOKENS) break;
    kept.unshift(block);
    used += cost;
  }
  const omitted = thread.length - kept.length;
  const note = omitted ? `(${omitted} older message${omitted === 1 ? "" : "s"} left out for length)\n` : "";
  return `<thread>\n${note}${kept.join("\n")}\n</thread>`;
}

/** The chat messages of a draft request. */
export function draftMessages(request: DraftRequest): { role: "system" | "user"; content: string }[] {
  const instructions = request.instructions?.trim();
  const parts = [
    "Write the reply to the message in the message block below. Facts Aiva knows (trusted):",
    ...contextLines(request.message, request.owner, request.sender).map((l) => `- ${l}`),
    "",
    instructions
      ? `<owner_instructions>\n${defuse(truncateToTokens(instructions, DRAFT_INSTRUCTION_TOKENS))}\n</owner_instructions>`
      : "The owner gave no instructions for this reply.",
  ];
  const thread = threadBlock(request.thread);
  if (thread) parts.push("", thread);
  parts.push("", messageBlock(request.message, DRAFT_BODY_TOKENS));
  return [
    { role: "system", content: draftSystemPrompt(request) },
    { role: "user", content: parts.join("\n") },
  ];
}

const REPLY_PREFIX = /^\s*(re|aw|sv|vs|antw|rif|r|ref|res)\s*:/i;

/** The reply subject Aiva falls back to when the model leaves it empty. */
export function replySubject(original: string | null): string {
  const subject = original?.replace(/\s+/g, " ").trim() ?? "";
  if (!subject) return "Re:";
  return REPLY_PREFIX.test(subject) ? subject : `Re: ${subject}`;
}

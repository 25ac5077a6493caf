import { describe, expect, test } from "vitest";
import { REPLY_TONES, type DraftRequest } from "../types";
import { replySubject } from "./draft";
import { localEngine } from "./engine";
import { aiMessage, inputOf } from "./test-helpers";

const request = (fields: Parameters<typeof aiMessage>[0], tone: DraftRequest["tone"] = "professional", instructions: string | null = null): DraftRequest => ({
  ...inputOf(aiMessage(fields)),
  tone,
  instructions,
});

const budget = { subject: "Q3 budget", bodyText: "Sam,\n\nCould you please send me the Q3 budget by Friday?\n\nThanks,\nJeff" };

describe("draftReply", () => {
  test("each tone greets by first name, says when the task will be done, and signs", async () => {
    const bodies: string[] = [];
    for (const tone of REPLY_TONES) {
      const { draft, call } = await localEngine.draftReply(request(budget, tone));
      expect(draft.subject).toBe("Re: Q3 budget");
      expect(draft.body).toMatch(/Jeff/);
      expect(draft.body).toContain("send you the Q3 budget by Friday, May 18");
      expect(draft.body.trimEnd().endsWith("Sam Owner")).toBe(true);
      expect(call.engine).toBe("local");
      bodies.push(draft.body);
    }
    expect(new Set(bodies).size).toBe(3);
    const [professional, friendly, concise] = bodies;
    expect(professional).toMatch(/^Hi Jeff,\n/);
    expect(professional).toContain("Best regards,");
    expect(friendly).toMatch(/^Hi Jeff!/);
    expect(concise!.length).toBeLessThan(professional!.length);
  });

  test("confirms a proposed time, proposes two when none is given", async () => {
    const timed = await localEngine.draftReply(request({ subject: "Sync", bodyText: "Can we meet tomorrow at 2pm?" }));
    expect(timed.draft.body).toContain("Tuesday, May 15, 2:00 PM works for me.");
    const open = await localEngine.draftReply(request({ subject: "Catch up", bodyText: "Would you like to get together to discuss the merger next week?" }));
    expect(open.draft.body).toMatch(/Would Tuesday, May 15, 10:00 AM or Wednesday, May 16, 2:00 PM work for you\?/);
  });

  test("follows the user's instructions as the gist", async () => {
    const { draft } = await localEngine.draftReply(request({ subject: "Offsite", bodyText: "Can you join the offsite on Friday?" }, "friendly", "decline politely, suggest next week instead"));
    expect(draft.body).toContain("Unfortunately I won't be able to make it.");
    expect(draft.body).toContain("Would next week work instead?");
  });

  test("answers in the message's language", async () => {
    const spanish = await localEngine.draftReply(
      request({ subject: "Reunión", bodyText: "Hola Sam,\n\n¿Podemos reunirnos el martes a las 10 para revisar el presupuesto? Avísame si te viene bien.\n\nSaludos,\nJeff" }),
    );
    expect(spanish.draft.body).toMatch(/^Hola Jeff:/);
    expect(spanish.draft.body).toContain("Saludos cordiales,");
    expect(spanish.draft.subject).toBe("Re: Reunión");
    const french = await localEngine.draftReply(
      request({ subject: "Rapport", bodyText: "Bonjour Sam,\n\nPourriez-vous m'envoyer le rapport trimestriel avant vendredi ? Merci beaucoup pour votre aide.\n\nCordialement,\nJeff" }, "professional"),
    );
    expect(french.draft.body).toMatch(/^Bonjour Jeff,/);
    expect(french.draft.body).toContain("Cordialement,");
  });

  test("never doubles Re:", () => {
    expect(replySubject("Re: Q3 budget")).toBe("Re: Q3 budget");
    expect(replySubject("RE: Q3 budget")).toBe("Re: Q3 budget");
    expect(replySubject("AW: Angebot")).toBe("Re: Angebot");
    expect(replySubject("Fwd: Q3")).toBe("Re: Fwd: Q3");
    expect(replySubject(null)).toBe("Re: your message");
  });

  test("works without a sender name, owner name or subject", async () => {
    const { draft } = await localEngine.draftReply({
      ...request({ subject: null, from: { name: null, email: "x9@example.com" }, bodyText: "" }),
      owner: { name: null, emails: [] },
    });
    expect(draft.subject).toBe("Re: your message");
    expect(draft.body).toMatch(/^Hello,/);
  });
});

import type { Draft, DraftRequest, MeetingSuggestion, ReplyTone, TaskSuggestion } from "../types";
import type { Intent } from "./requests";
import { clip, firstName, type Language } from "./text";

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
import type { MessageView } from "./view";

// Template replies: greet the sender by first name, answer what the message asks (say
// when a requested task will be done, confirm or propose meeting times, acknowledge a
// question's topic), carry the user's own instructions as the gist, and sign with the
// owner's name. In the message's language when there is a phrasebook for it.

type Phrases = {
  greeting: Record<ReplyTone, (name: string | null) => string>;
  thanks: Record<ReplyTone, string | null>;
  willDo: (task: string, due: string | null) => string;
  willDoGeneric: (due: string | null) => string;
  confirmTime: (when: string) => string;
  proposeTimes: (first: string, second: string) => string;
  question: (topic: string) => string;
  fyi: (topic: string) => string;
  decline: string;
  accept: string;
  suggestInstead: (what: string) => string;
  closing: Record<ReplyTone, string>;
  invite: string;
  locale: string;
};

const PHRASES: Record<Language, Phrases> = {
  en: {
    greeting: { professional: (n) => (n ? `Hi ${n},` : "Hello,"), friendly: (n) => (n ? `Hi ${n}!` : "Hi there!"), concise: (n) => (n ? `${n},` : "Hi,") },
    thanks: { professional: "Thank you for your message.", friendly: "Thanks so much for reaching out!", concise: null },
    willDo: (task, due) => `I'll ${task}${due ? ` by ${due}` : " shortly"}.`,
    willDoGeneric: (due) => `I'll take care of it${due ? ` by ${due}` : " shortly"}.`,
    confirmTime: (when) => `${when} works for me.`,
    proposeTimes: (a, b) => `I'd be glad to meet. Would ${a} or ${b} work for you?`,
    question: (topic) => `Regarding ${topic}: I'll look into it and get back to you shortly.`,
    fyi: (topic) => `Thanks for the update on ${topic}.`,
    decline: "Unfortunately I won't be able to make it.",
    accept: "Yes, that works for me.",
    suggestInstead: (what) => `Would ${what} work instead?`,
    closing: { professional: "Best regards,", friendly: "Cheers,", concise: "Thanks," },
    invite: "I'll send a calendar invitation.",
    locale: "en-US",
  },
  es: {
    greeting: { professional: (n) => (n ? `Hola ${n}:` : "Hola:"), friendly: (n) => (n ? `¡Hola ${n}!` : "¡Hola!"), concise: (n) => (n ? `${n}:` : "Hola:") },
    thanks: { professional: "Gracias por tu mensaje.", friendly: "¡Muchas gracias por escribirme!", concise: null },
    willDo: (task, due) => `Me encargo de ${task}${due ? ` antes del ${due}` : " en breve"}.`,
    willDoGeneric: (due) => `Me encargo${due ? ` antes del ${due}` : " en breve"}.`,
    confirmTime: (when) => `${upperFirst(when)} me viene bien.`,
    proposeTimes: (a, b) => `Con gusto nos reunimos. ¿Te viene bien ${a} o ${b}?`,
    question: (topic) => `Sobre ${topic}: lo reviso y te respondo en breve.`,
    fyi: (topic) => `Gracias por la actualización sobre ${topic}.`,
    decline: "Lamentablemente no podré asistir.",
    accept: "Sí, me viene bien.",
    suggestInstead: (what) => `¿Te vendría bien ${what}?`,
    closing: { professional: "Saludos cordiales,", friendly: "¡Un abrazo!", concise: "Gracias," },
    invite: "Te envío una invitación de calendario.",
    locale: "es-ES",
  },
  fr: {
    greeting: { professional: (n) => (n ? `Bonjour ${n},` : "Bonjour,"), friendly: (n) => (n ? `Salut ${n} !` : "Salut !"), concise: (n) => (n ? `${n},` : "Bonjour,") },
    thanks: { professional: "Merci pour votre message.", friendly: "Merci beaucoup pour ton message !", concise: null },
    willDo: (task, due) => `Je m'occupe de ${task}${due ? ` d'ici ${due}` : " rapidement"}.`,
    willDoGeneric: (due) => `Je m'en occupe${due ? ` d'ici ${due}` : " rapidement"}.`,
    confirmTime: (when) => `${upperFirst(when)} me convient.`,
    proposeTimes: (a, b) => `Avec plaisir. Est-ce que ${a} ou ${b} vous conviendrait ?`,
    question: (topic) => `Concernant ${topic} : je regarde et je reviens vers vous rapidement.`,
    fyi: (topic) => `Merci pour les nouvelles concernant ${topic}.`,
    decline: "Malheureusement, je ne pourrai pas être présent.",
    accept: "Oui, cela me convient.",
    suggestInstead: (what) => `Est-ce que ${what} vous conviendrait plutôt ?`,
    closing: { professional: "Cordialement,", friendly: "À bientôt,", concise: "Merci," },
    invite: "Je vous envoie une invitation.",
    locale: "fr-FR",
  },
  de: {
    greeting: { professional: (n) => (n ? `Hallo ${n},` : "Guten Tag,"), friendly: (n) => (n ? `Hallo ${n}!` : "Hallo!"), concise: (n) => (n ? `${n},` : "Hallo,") },
    thanks: { professional: "Vielen Dank für Ihre Nachricht.", friendly: "Danke dir für deine Nachricht!", concise: null },
    willDo: (task, due) => `Ich kümmere mich um Folgendes: ${task}${due ? ` (bis ${due})` : ""}.`,
    willDoGeneric: (due) => `Ich kümmere mich darum${due ? ` bis ${due}` : ""}.`,
    confirmTime: (when) => `${upperFirst(when)} passt mir gut.`,
    proposeTimes: (a, b) => `Gerne treffen wir uns. Passt Ihnen ${a} oder ${b}?`,
    question: (topic) => `Zu ${topic}: Ich sehe es mir an und melde mich in Kürze.`,
    fyi: (topic) => `Danke für das Update zu ${topic}.`,
    decline: "Leider kann ich nicht teilnehmen.",
    accept: "Ja, das passt mir.",
    suggestInstead: (what) => `Würde stattdessen ${what} passen?`,
    closing: { professional: "Viele Grüße,", friendly: "Liebe Grüße,", concise: "Danke," },
    invite: "Ich schicke eine Kalendereinladung.",
    locale: "de-DE",
  },
  pt: {
    greeting: { professional: (n) => (n ? `Olá ${n},` : "Olá,"), friendly: (n) => (n ? `Oi ${n}!` : "Oi!"), concise: (n) => (n ? `${n},` : "Olá,") },
    thanks: { professional: "Obrigado pela sua mensagem.", friendly: "Muito obrigado por escrever!", concise: null },
    willDo: (task, due) => `Vou cuidar disso: ${task}${due ? ` até ${due}` : " em breve"}.`,
    willDoGeneric: (due) => `Vou cuidar disso${due ? ` até ${due}` : " em breve"}.`,
    confirmTime: (when) => `${upperFirst(when)} funciona para mim.`,
    proposeTimes: (a, b) => `Com prazer. ${upperFirst(a)} ou ${b} funciona para você?`,
    question: (topic) => `Sobre ${topic}: vou verificar e retorno em breve.`,
    fyi: (topic) => `Obrigado pela atualização sobre ${topic}.`,
    decline: "Infelizmente não poderei comparecer.",
    accept: "Sim, funciona para mim.",
    suggestInstead: (what) => `${upperFirst(what)} funcionaria para você?`,
    closing: { professional: "Atenciosamente,", friendly: "Abraços,", concise: "Obrigado," },
    invite: "Vou enviar um convite de calendário.",
    locale: "pt-BR",
  },
  it: {
    greeting: { professional: (n) => (n ? `Buongiorno ${n},` : "Buongiorno,"), friendly: (n) => (n ? `Ciao ${n}!` : "Ciao!"), concise: (n) => (n ? `${n},` : "Ciao,") },
    thanks: { professional: "Grazie per il tuo messaggio.", friendly: "Grazie mille per avermi scritto!", concise: null },
    willDo: (task, due) => `Me ne occupo io: ${task}${due ? ` entro ${due}` : " a breve"}.`,
    willDoGeneric: (due) => `Me ne occupo io${due ? ` entro ${due}` : " a breve"}.`,
    confirmTime: (when) => `${upperFirst(when)} per me va bene.`,
    proposeTimes: (a, b) => `Volentieri. Ti andrebbe bene ${a} oppure ${b}?`,
    question: (topic) => `Riguardo a ${topic}: verifico e ti rispondo a breve.`,
    fyi: (topic) => `Grazie per l'aggiornamento su ${topic}.`,
    decline: "Purtroppo non riuscirò a partecipare.",
    accept: "Sì, per me va bene.",
    suggestInstead: (what) => `Andrebbe bene ${what}?`,
    closing: { professional: "Cordiali saluti,", friendly: "Un saluto,", concise: "Grazie," },
    invite: "Ti mando un invito in calendario.",
    locale: "it-IT",
  },
  nl: {
    greeting: { professional: (n) => (n ? `Beste ${n},` : "Beste,"), friendly: (n) => (n ? `Hoi ${n}!` : "Hoi!"), concise: (n) => (n ? `${n},` : "Hallo,") },
    thanks: { professional: "Bedankt voor je bericht.", friendly: "Hartelijk dank voor je bericht!", concise: null },
    willDo: (task, due) => `Ik zorg ervoor: ${task}${due ? ` vóór ${due}` : ""}.`,
    willDoGeneric: (due) => `Ik zorg ervoor${due ? ` vóór ${due}` : ""}.`,
    confirmTime: (when) => `${upperFirst(when)} komt mij goed uit.`,
    proposeTimes: (a, b) => `Graag. Komt ${a} of ${b} je uit?`,
    question: (topic) => `Over ${topic}: ik zoek het uit en kom er snel op terug.`,
    fyi: (topic) => `Bedankt voor de update over ${topic}.`,
    decline: "Helaas kan ik er niet bij zijn.",
    accept: "Ja, dat komt mij goed uit.",
    suggestInstead: (what) => `Zou ${what} in plaats daarvan passen?`,
    closing: { professional: "Met vriendelijke groet,", friendly: "Groetjes,", concise: "Bedankt," },
    invite: "Ik stuur een agenda-uitnodiging.",
    locale: "nl-NL",
  },
};

/** "Re: Budget" (never "Re: Re: Budget"). */
export function replySubject(subject: string | null): string {
  const s = (subject ?? "").trim();
  if (!s) return "Re: your message";
  return /^(?:re|aw|sv|antw|r)\s*(?:\[\d+\])?\s*:/i.test(s) ? s.replace(/^(?:re|aw|sv|antw|r)\s*(?:\[\d+\])?\s*:\s*/i, "Re: ") : `Re: ${s}`;
}

function whenText(date: Date, allDay: boolean, offsetMinutes: number, locale: string): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const day = local.toLocaleDateString(locale, { timeZone: "UTC", weekday: "long", month: "long", day: "numeric" });
  if (allDay) return day;
  const time = local.toLocaleTimeString(locale, { timeZone: "UTC", hour: "numeric", minute: "2-digit" });
  return `${day}, ${time}`;
}

/** Two working-day slots after the message: 10:00 the next working day, 14:00 the one after. */
function proposedSlots(view: MessageView, locale: string): [string, string] {
  const offset = view.reference.offsetMinutes;
  const local = new Date(view.reference.instant.getTime() + offset * 60_000);
  const slots: string[] = [];
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  while (slots.length < 2) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const hour = slots.length === 0 ? 10 : 14;
    const instant = new Date(day.getTime() + hour * 3_600_000 - offset * 60_000);
    slots.push(whenText(instant, false, offset, locale));
  }
  return [slots[0]!, slots[1]!];
}

/** The task in the replier's words: "Send Jeff Jeff's budget" → "send you your budget". */
function taskInReply(task: TaskSuggestion, senderName: string | null): string {
  let title = task.title;
  if (senderName) {
    title = title.replace(new RegExp(`\\b${senderName}'s\\b`, "g"), "your").replace(new RegExp(`\\b${senderName}\\b`, "g"), "you");
  }
  return /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

/** The user's instructions turned into sentences of the reply. */
function fromInstructions(instructions: string, phrases: Phrases, language: Language): string[] {
  const text = instructions.trim();
  if (!text) return [];
  const lines: string[] = [];
  if (/\b(?:decline|say no|can'?t make it|cannot make it|not available|turn (?:it )?down|refuse)\b/i.test(text)) lines.push(phrases.decline);
  else if (/\b(?:accept|say yes|confirm|agree|sounds good)\b/i.test(text)) lines.push(phrases.accept);
  const suggest = /\b(?:suggest|propose|offer|how about|instead)\s+(.+?)(?:[.;]|$)/i.exec(text);
  if (suggest?.[1]) lines.push(phrases.suggestInstead(suggest[1].trim().replace(/\s+instead$/i, "")));
  if (lines.length === 0 || (language === "en" && !suggest && lines.length === 1 && text.split(/\s+/).length > 6)) {
    // No template fits: the instruction itself is the gist, as a sentence.
    const sentence = upperFirst(text.replace(/^(?:please |tell (?:them|him|her) (?:that )?|say (?:that )?)/i, "")).replace(/[.!]?$/, ".");
    if (!lines.includes(sentence)) lines.push(sentence);
  }
  return lines;
}

export type DraftContext = {
  view: MessageView;
  intents: Intent[];
  tasks: TaskSuggestion[];
  meeting: MeetingSuggestion | null;
};

export function composeDraft(request: DraftRequest, context: DraftContext): Draft {
  const { view, intents, tasks, meeting } = context;
  const language = view.language;
  const phrases = PHRASES[language] ?? PHRASES.en;
  const tone = request.tone;
  const name = firstName(view.message.from);
  const lines: string[] = [];

  const instructed = request.instructions ? fromInstructions(request.instructions, phrases, language) : [];
  const thanks = phrases.thanks[tone];
  if (thanks) lines.push(thanks);
  if (instructed.length > 0) lines.push(...instructed);

  const declines = instructed.includes(phrases.decline);
  if (meeting && !declines) {
    if (meeting.start) {
      const when = whenText(meeting.start, meeting.allDay, view.reference.offsetMinutes, phrases.locale);
      lines.push(phrases.confirmTime(when));
      if (tone !== "concise" && view.message.calendar.length === 0) lines.push(phrases.invite);
    } else if (instructed.length === 0) {
      const [a, b] = proposedSlots(view, phrases.locale);
      lines.push(phrases.proposeTimes(a, b));
    }
  }
  if (tasks.length > 0 && !declines) {
    const task = tasks[0]!;
    const due = task.due ? whenText(task.due, task.dueAllDay, view.reference.offsetMinutes, phrases.locale) : null;
    lines.push(language === "en" ? phrases.willDo(taskInReply(task, name), due) : phrases.willDoGeneric(due));
  } else if (!meeting && instructed.length === 0) {
    const question = intents.find((i) => i.kind === "question" || i.kind === "proposal");
    const topic = view.topic ? clip(view.topic, 60) : null;
    if (question) lines.push(phrases.question(topic ? `"${topic}"` : clip(question.sentence.text.replace(/\?$/, ""), 60)));
    else if (topic) lines.push(phrases.fyi(`"${topic}"`));
  }
  if (lines.length === 0) lines.push(phrases.accept);

  const owner = request.owner.name?.trim() || null;
  const closing = phrases.closing[tone];
  const signature = owner ? `${closing}\n${owner}` : closing;
  const body = tone === "concise"
    ? `${phrases.greeting[tone](name)}\n\n${lines.join(" ")}\n\n${signature}`
    : `${phrases.greeting[tone](name)}\n\n${lines.join("\n\n")}\n\n${signature}`;
  return { subject: replySubject(view.message.subject), body };
}

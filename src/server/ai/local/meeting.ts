import type { Address } from "@/server/channels/types";
import type { MeetingSuggestion } from "../types";
import { findDates, formatOffset, type FoundDate } from "./dates";
import { parseIcsEvent } from "./ics";
import type { Intent } from "./requests";
import { clip, firstName } from "./text";
import type { MessageView } from "./view";

// Scheduling intent: a calendar invitation, or a sentence that proposes, asks about,
// confirms or moves a meeting, call or meal, ideally with a time. The suggestion carries
// the time resolved in the writer's zone, a duration, a place and the people involved.

const MEETING_NOUN =
  /\b(?:meeting|meetings|mtg|meet|conference calls?|conf(?:erence)? calls?|calls?|teleconference|video ?call|zoom|webex|hangouts?|skype|lunch|dinner|breakfast|brunch|coffee|drinks|appointment|interview|get[- ]together|catch[- ]up|sync|1:1|one[- ]on[- ]one|briefing|workshop|session|presentation|demo|visit|reception|happy hour|teleconferences?|conference|(?:christmas|holiday|birthday|farewell|retirement|going[- ]away|office|team|launch) party|party (?:is|on|at|will)|seminar|webinar|offsite|off-site|all[- ]hands|town hall|reuni[óo]n|reunirnos|reunimos|llamada|cita|almuerzo|cena|r[ée]union|rendez-vous|d[ée]jeuner|d[îi]ner|besprechung|treffen|termin|telefonat|mittagessen|reuni[ãa]o|encontro|almo[çc]o|jantar|riunione|incontro|chiamata|pranzo|vergadering|afspraak)\b/i;
const SCHEDULING =
  /\b(?:schedul\w*|reschedul\w*|set up (?:a|the|some) (?:meeting|call|time)|are you (?:available|free|around)|(?:your|my) availability|what time|which (?:day|time)|work(?:s)? (?:for|with) (?:you|me|everyone)|let'?s (?:meet|talk|get together|do|have|grab|plan)|can we (?:meet|talk|get together|do|have|schedule|set)|meet (?:on|at|next|this|tomorrow|today|with|for|in|up)|get together|invite you|invitation|calendar|rsvp|confirm(?:ed|ing)? (?:the|our|my|your)? ?(?:meeting|call|appointment|time|lunch|dinner)|(?:meeting|call|lunch|dinner|appointment) (?:is|has been|was) (?:confirmed|moved|rescheduled|cancell?ed|postponed|set)|postpone|push (?:it |the meeting )?(?:back|out)|move (?:the|our) (?:meeting|call)|dial[- ]?in|call[- ]in number|bridge (?:number|line)|passcode|conference room|free (?:on|at|for)|available (?:on|at|for|to meet)|join us|save the date|(?:can|could|would|will|to|should) meet|see you (?:on|at|next|tomorrow|then)|(?:tomorrow|tonight|today|this|next) (?:works|is fine|is good)|(?:works|is fine|is good) (?:for me|with me)|podemos reunirnos|nos vemos|pouvons-nous nous voir|on se voit|können wir uns treffen|treffen wir uns|possiamo vederci|ci vediamo|podemos nos encontrar)\b/i;
const INVITE_SUBJECT = /(?:^|^[\w ]{1,20}:)\s*(?:(?:updated )?invitation|invite|accepted|declined|tentative(?:ly accepted)?|cancell?ed(?: event)?|new event|meeting|mtg|call|conference call|lunch|dinner|coffee|appointment)\b\s*[:\-–]?/i;
const PAST_MEETING = /\b(?:(?:great|nice|good|a pleasure|glad) (?:to )?(?:meet|meeting|see|seeing|talk(?:ing)?(?: to| with)?) you|met|had (?:a|our|the) (?:meeting|call|lunch|dinner)|(?:meeting|call) (?:went|was (?:good|great|productive|helpful))|at (?:the|our) (?:meeting|call) (?:yesterday|last))/i;

const DURATION =
  /\bfor (?:(an?|one|half an|1|2|two|three|3|1\.5|90|45|30|15|20|60)\s*(hours?|hrs?|minutes?|mins?)|half an hour)\b|\b(\d{1,3})[- ](?:minute|min)\b|\b(one|two|1|2)[- ]hour\b/i;

const LOCATION_PATTERNS: RegExp[] = [
  /\b(?:dial[- ]?in|call[- ]?in|bridge)(?: (?:number|line|info))?\s*(?:is|:)?\s*(\+?\(?\d[\d\s().-]{6,}\d(?:[,\s]*(?:passcode|pin|code|access code|participant code)[:\s#]*\d+#?)?)/i,
  /(https?:\/\/(?:[\w-]+\.)?(?:zoom\.us|meet\.google\.com|teams\.microsoft\.com|webex\.com|gotomeeting\.com|whereby\.com)\/\S+)/i,
  /\b(?:in|at)\s+((?:the\s+)?(?:(?:large|small|main|big)\s+)?(?:conference|meeting|board|dining|training)\s+room(?:\s+[A-Z0-9][\w-]*)?)/i,
  /\b((?:room|rm\.?|suite|bldg\.?|building|floor)\s+#?[A-Z]?\d+[\w-]*)/i,
  /\b((?:EB|ECN|ECS|3AC|3 ?Allen)\s?-?\d{2,4}[A-Z]?)\b/,
  /\bin\s+(\d{1,3}[A-Z]?\s+[A-Z][\w]*(?:\s+[A-Z][\w]*)?\s+(?:Room|Hall|Lounge))\b/,
  /\b(?:in|at)\s+((?:the\s+)?[A-Z][\w'&-]+(?:\s+(?:[A-Z][\w'&-]+|&|and|of|de))*\s+(?:Room|Hall|Office|Cafe|Café|Restaurant|Hotel|Club|Center|Centre|Lobby|Bar|Grill|Building))\b/,
];
/** "at <Place>" in a meeting sentence: capitalised words that are not a day, month or time. */
const AT_PLACE = /\bat\s+((?:the\s+)?[A-Z][\w'&.-]+(?:\s+(?:[A-Z][\w'&.-]+|&|and|of))*)/g;
const NOT_A_PLACE =
  /^(?:the )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|noon|midnight|least|all|this|that|my|your|our|his|her|their|i|we|you|he|she|they|it|enron|am|pm|est|pst|cst|edt|pdt|cdt|utc|gmt|et|pt|ct)\b/i;

function durationOf(text: string, defaultMinutes: number): number {
  const m = DURATION.exec(text);
  if (!m) return defaultMinutes;
  if (/half an hour/i.test(m[0])) return 30;
  if (m[1] && m[2]) {
    const count = /^an?|one$/i.test(m[1]) ? 1 : /^two$/i.test(m[1]) ? 2 : /^three$/i.test(m[1]) ? 3 : Number(m[1]);
    return /hour|hr/i.test(m[2]) ? Math.round(count * 60) : count;
  }
  if (m[3]) return Number(m[3]);
  if (m[4]) return /one|1/i.test(m[4]) ? 60 : 120;
  return defaultMinutes;
}

function locationOf(text: string): string | null {
  for (const pattern of LOCATION_PATTERNS) {
    const m = pattern.exec(text);
    if (m?.[1]) return clip(m[1].replace(/[.,;:]+$/, ""), 120);
  }
  for (const m of text.matchAll(AT_PLACE)) {
    const place = m[1]!.replace(/[.,;:]+$/, "");
    if (!NOT_A_PLACE.test(place) && !/\d/.test(place)) return clip(place, 120);
  }
  return null;
}

function attendeesOf(view: MessageView): Address[] {
  const { message, owner } = view;
  const seen = new Set<string>();
  const out: Address[] = [];
  for (const address of [message.from, ...message.to, ...message.cc]) {
    if (!address) continue;
    const key = address.email.toLowerCase();
    if (seen.has(key) || owner.emails.has(key)) continue;
    seen.add(key);
    out.push(address);
    if (out.length >= 50) break;
  }
  return out;
}

function nounOf(text: string): string {
  const m = /\b(lunch|dinner|breakfast|brunch|coffee|drinks|interview|conference call|call|appointment|presentation|demo)\b/i.exec(text);
  if (!m) return "Meeting";
  const noun = m[1]!.toLowerCase();
  return noun === "conference call" ? "Call" : noun.charAt(0).toUpperCase() + noun.slice(1);
}

function titleFor(view: MessageView, cueText: string): string {
  const topic = view.topic.replace(INVITE_SUBJECT, "").trim();
  if (topic && MEETING_NOUN.test(topic) && topic.length <= 80) return topic;
  const who = firstName(view.message.from);
  const noun = nounOf(`${cueText} ${topic}`);
  const base = who ? `${noun} with ${who}` : noun;
  return clip(topic ? `${base}: ${topic}` : base, 80);
}

/** The meeting a calendar part describes. */
function fromCalendar(view: MessageView): MeetingSuggestion | null {
  for (const part of view.message.calendar) {
    const event = parseIcsEvent(part.ics, part.method, view.message.utcOffsetMinutes);
    if (!event) continue;
    const duration = event.start && event.end ? Math.max(5, Math.round((event.end.getTime() - event.start.getTime()) / 60_000)) : 30;
    const attendees = [...(event.organizer ? [event.organizer] : []), ...event.attendees];
    const fromEnvelope = attendeesOf(view);
    const people = (attendees.length > 0 ? attendees : fromEnvelope).filter((a) => !view.owner.emails.has(a.email.toLowerCase()));
    const cancelled = event.method === "CANCEL" || event.status === "CANCELLED";
    return {
      title: clip(`${cancelled ? "Cancelled: " : ""}${event.summary ?? titleFor(view, "")}`, 120),
      startText: null,
      start: event.start,
      durationMinutes: event.allDay ? 1440 * Math.max(1, Math.round(duration / 1440)) : duration,
      allDay: event.allDay,
      location: event.location,
      attendees: dedupe(people),
      timezone: event.timezone,
    };
  }
  return null;
}

function dedupe(addresses: Address[]): Address[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = a.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The meeting a message proposes, confirms or moves, or null. `intents` are the own
 * text's requests, questions and proposals.
 */
export function detectMeeting(view: MessageView, intents: Intent[]): MeetingSuggestion | null {
  const calendar = fromCalendar(view);
  if (calendar) return calendar;

  const subject = view.message.subject ?? "";
  const reference = view.reference;
  // Candidate sentences: the subject, then the sender's own sentences. Dates are looked
  // up only for sentences that talk about meeting at all.
  const candidates: { text: string; fromSubject: boolean; intent: Intent | null; dates: () => FoundDate[] }[] = [];
  if (subject.trim()) {
    candidates.push({ text: subject, fromSubject: true, intent: null, dates: () => findDates(subject, reference, { language: view.language }) });
  }
  const intentBySentence = new Map(intents.map((i) => [i.sentence.index, i]));
  for (const sentence of view.sentences) {
    candidates.push({ text: sentence.text, fromSubject: false, intent: intentBySentence.get(sentence.index) ?? null, dates: () => view.datesIn(sentence) });
  }
  const subjectMeeting = MEETING_NOUN.test(view.topic) && !/^calls?$/i.test(MEETING_NOUN.exec(view.topic)?.[0] ?? "");

  let best: { text: string; date: FoundDate | null; score: number } | null = null;
  for (const candidate of candidates) {
    const { text } = candidate;
    if (PAST_MEETING.test(text)) continue;
    const noun = MEETING_NOUN.test(text);
    const scheduling = SCHEDULING.test(text);
    const inviteSubject = candidate.fromSubject && INVITE_SUBJECT.test(view.topic || subject);
    if (!noun && !scheduling && !inviteSubject && !subjectMeeting) continue;
    const dates = candidate.dates();
    if (!noun && !scheduling && !inviteSubject && dates.length === 0) continue;
    // A time says more than a day; a coming one more than a past one.
    const upcoming = dates.filter((d) => d.start.getTime() >= reference.instant.getTime() - 12 * 3_600_000);
    const date = upcoming.find((d) => !d.allDay) ?? upcoming[0] ?? null;
    const asks = candidate.intent !== null && candidate.intent.kind !== "request";
    const requestsMeeting = candidate.intent?.kind === "request" && noun;
    // "call" alone is too common ("call me", "a call option") to weigh like "meeting".
    const strongNoun = noun && !/^calls?$/i.test(MEETING_NOUN.exec(text)?.[0] ?? "");
    let score = 0;
    if (scheduling) score += 2;
    if (strongNoun) score += 1;
    else if (noun) score += 0.5;
    if (date) score += date.allDay ? 1.5 : 2;
    if (dates.length > 0 && upcoming.length === 0) score -= 2;
    if (asks) score += strongNoun ? 2 : 1;
    if (requestsMeeting) score += 1;
    if (inviteSubject) score += 2;
    else if (candidate.fromSubject && strongNoun && date) score += 1;
    // In a thread about a meeting, a dated line is about that meeting.
    if (!candidate.fromSubject && subjectMeeting && date) score += 1;
    if (score >= 3 && (!best || score > best.score)) best = { text, date, score };
  }
  if (!best) return null;

  // A time may sit in the next sentence ("Let's meet. Does Tuesday at 3 work?").
  let date = best.date;
  if (!date) {
    date = view.ownDates().find((d) => !d.allDay && d.start.getTime() >= reference.instant.getTime()) ?? null;
  }
  const noun = nounOf(best.text);
  const meal = /lunch|dinner|breakfast|brunch|drinks/i.test(noun);
  const duration = date?.end
    ? Math.round((date.end.getTime() - date.start.getTime()) / 60_000)
    : durationOf(`${best.text} ${view.own.slice(0, 2000)}`, meal ? 60 : 30);
  const location = locationOf(best.text) ?? locationOf(`${subject}\n${view.own.slice(0, 3000)}`);
  return {
    title: titleFor(view, best.text),
    startText: date?.text ?? null,
    start: date?.start ?? null,
    durationMinutes: duration,
    allDay: date?.allDay ?? false,
    location,
    attendees: attendeesOf(view),
    timezone: date ? formatOffset(date.offsetMinutes) : null,
  };
}

// Calendar shapes shared by the server and the browser.

/** A calendar an event can be put in. `id` null is Aiva's own calendar (no provider). */
export type CalendarChoice = {
  id: string | null;
  name: string;
  /** The provider account, e.g. "ana@gmail.com"; null for Aiva's own calendar. */
  account: string | null;
  provider: "aiva" | "google" | "outlook" | "caldav";
  color: string | null;
  /** The one preselected in forms (the user's primary provider calendar, else Aiva's). */
  isDefault: boolean;
};

import type { Actionability, Category, Priority, Sentiment, Tone } from "./inbox-types";

// Words a person reads for the AI's vocabularies (the values are the database enums).

export const PRIORITY_LABELS: Record<Priority, string> = {
  urgent: "Urgent",
  high: "High",
  medium: "Medium",
  low: "Low",
  noise: "Noise",
};

export const CATEGORY_LABELS: Record<Category, string> = {
  personal: "Personal",
  work: "Work",
  customer: "Customer",
  sales_lead: "Sales lead",
  meeting_request: "Meeting",
  finance: "Finance",
  security: "Security",
  newsletter: "Newsletter",
  marketing: "Promotion",
  notification: "Notification",
  social: "Social",
  spam: "Spam",
};

export const ACTIONABILITY_LABELS: Record<Actionability, string> = {
  reply_needed: "Needs reply",
  action_required: "Action required",
  scheduling: "Scheduling",
  fyi: "FYI",
  none: "No action",
};

export const SENTIMENT_LABELS: Record<Sentiment, string> = {
  positive: "Positive",
  neutral: "Neutral",
  negative: "Negative",
  mixed: "Mixed",
};

export const TONE_LABELS: Record<Tone, string> = {
  professional: "Professional",
  friendly: "Friendly",
  concise: "Concise",
};

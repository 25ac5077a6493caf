// What a call to OpenAI costs, for ai_action_logs. Standard-tier list prices in USD per
// 1M tokens (platform.openai.com/docs/pricing, checked 2026-06). Cached input is the
// discounted rate for a prompt prefix OpenAI served from its cache. A model not listed
// here (a new one, or a local server behind OPENAI_BASE_URL) costs null: unknown, not free.

export type TokenPrice = { input: number; cachedInput: number; output: number };

export const OPENAI_PRICES: Readonly<Record<string, TokenPrice>> = {
  "gpt-4.1": { input: 2.0, cachedInput: 0.5, output: 8.0 },
  "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10.0 },
  "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  "gpt-5": { input: 1.25, cachedInput: 0.125, output: 10.0 },
  "gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2.0 },
  "gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
};

/** The price of a model as a response names it: "gpt-4.1-mini-2025-04-14" is priced as "gpt-4.1-mini". */
export function priceOf(model: string): TokenPrice | null {
  const name = model.trim().toLowerCase();
  // Only a dated snapshot suffix is stripped: "gpt-4o-mini-audio-preview" is another model.
  return OPENAI_PRICES[name] ?? OPENAI_PRICES[name.replace(/-\d{4}-\d{2}-\d{2}$/, "")] ?? null;
}

export type TokenUsage = { promptTokens: number; cachedPromptTokens: number; completionTokens: number };

/** Cost in USD, or null when the model's price is unknown. Reasoning tokens are part of completionTokens. */
export function costUsd(model: string, usage: TokenUsage): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  const cost = (usage.promptTokens - cached) * price.input + cached * price.cachedInput + usage.completionTokens * price.output;
  // `cost` is in millionths of a dollar; rounded to 1e-8 USD, free of float noise.
  return Math.round(cost * 100) / 1e8;
}

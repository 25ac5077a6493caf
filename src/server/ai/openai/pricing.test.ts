import { describe, expect, it } from "vitest";
import { costUsd, priceOf } from "./pricing";

describe("pricing", () => {
  it("prices dated snapshots as their model, and nothing else by prefix", () => {
    expect(priceOf("gpt-4.1-mini-2025-04-14")).toEqual(priceOf("gpt-4.1-mini"));
    expect(priceOf("gpt-4o-mini-audio-preview")).toBeNull();
    expect(priceOf("llama3.1:8b")).toBeNull();
  });

  it("computes USD from tokens", () => {
    expect(costUsd("gpt-4o-mini", { promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 1_000_000 })).toBe(0.75);
    expect(costUsd("gpt-5-nano", { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 0 })).toBe(0.0000005);
    expect(costUsd("unknown", { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 10 })).toBeNull();
  });
});

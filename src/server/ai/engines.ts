import { localEngine } from "./local/engine";
import type { AiEngine } from "./types";

// Which engine answers. OpenAI (or any OpenAI-compatible server at OPENAI_BASE_URL) when a
// key is configured and the workspace allows it; the local engine otherwise. The local
// engine needs no network and no key, so Aiva is useful with none.

/** A workspace's choice (workspaces.ai_engine). */
export type EnginePreference = "auto" | "local" | "openai";

export function openAiConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OPENAI_API_KEY?.trim());
}

/** The engine a workspace's preference resolves to here. */
export function engineIdFor(preference: EnginePreference, env: NodeJS.ProcessEnv = process.env): AiEngine["id"] {
  return preference !== "local" && openAiConfigured(env) ? "openai" : "local";
}

let openAi: Promise<AiEngine> | null = null;

export async function engineFor(preference: EnginePreference): Promise<AiEngine> {
  if (engineIdFor(preference) === "local") return localEngine;
  // Loaded on first use: a deployment without a key never loads the SDK.
  openAi ??= import("./openai/engine").then(({ createOpenAiEngine, openAiConfigFromEnv }) => {
    const config = openAiConfigFromEnv();
    if (!config) throw new Error("OPENAI_API_KEY is not set");
    return createOpenAiEngine(config);
  });
  try {
    return await openAi;
  } catch (error) {
    openAi = null;
    throw error;
  }
}

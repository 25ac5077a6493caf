import type { ChannelAdapter, ChannelProviderId } from "./types";

// Adapters load on first use, so a page that never syncs never imports a provider SDK.
// Adding a provider: a folder under channels/<provider>/ exporting `adapter`, and a line here.
const loaders: Partial<Record<ChannelProviderId, () => Promise<ChannelAdapter>>> = {
  imap: () => import("./imap/adapter").then((m) => m.adapter),
  gmail: () => import("./gmail/adapter").then((m) => m.adapter),
};

export function supportedProviders(): ChannelProviderId[] {
  return Object.keys(loaders) as ChannelProviderId[];
}

export async function loadAdapter(provider: string): Promise<ChannelAdapter> {
  const load = loaders[provider as ChannelProviderId];
  if (!load) throw new Error(`No channel adapter for provider "${provider}"`);
  return load();
}

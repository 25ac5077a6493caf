import { loadAdapter, supportedProviders } from "@/server/channels/registry";

/**
 * Whether attachments of `provider`'s messages can be downloaded: its adapter can fetch a
 * message again. Imported files ("import") have no adapter, so their content was never kept.
 */
export async function canDownloadAttachments(provider: string): Promise<boolean> {
  if (!supportedProviders().includes(provider as never)) return false;
  return Boolean((await loadAdapter(provider)).fetchRawMessage);
}

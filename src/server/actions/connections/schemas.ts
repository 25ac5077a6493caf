import { z } from "zod";
import { imapConnectSchema } from "@/server/channels/imap/settings";

export const connectImapSchema = imapConnectSchema.extend({ workspaceId: z.uuid() });
export const updateImapSchema = imapConnectSchema.extend({ workspaceId: z.uuid(), connectionId: z.uuid() });
export const connectionRefSchema = z.object({ workspaceId: z.uuid(), connectionId: z.uuid() });

-- The sweep that shows again messages of deletions that never finished
-- (src/server/inbox/trash-messages.ts restoreAbandonedTrash) runs at every scheduler tick and
-- cron call, across workspaces. Only messages inside their undo window carry trashed_at, so
-- a partial index over them is nearly empty and the sweep reads it instead of every message.

CREATE INDEX "messages_trashed_idx" ON "messages" USING btree ("trashed_at") WHERE trashed_at is not null;

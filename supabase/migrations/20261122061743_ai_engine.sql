CREATE TYPE "public"."ai_engine_preference" AS ENUM('auto', 'local', 'openai');--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "auto_suggest_meetings" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "ai_engine" "ai_engine_preference" DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "default_reply_tone" "reply_tone" DEFAULT 'professional' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "ai_decided_by" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "ai_fingerprint" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "ai_key" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "ai_key" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_all_day" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_sender_idx" ON "messages" USING btree ("workspace_id","sender_email");--> statement-breakpoint
CREATE INDEX "messages_ai_pending_idx" ON "messages" USING btree ("workspace_id","sent_at" DESC NULLS LAST) WHERE ai_fingerprint is null and direction = 'inbound';--> statement-breakpoint
CREATE UNIQUE INDEX "events_ai_key" ON "events" USING btree ("created_from_message_id","ai_key");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_ai_key" ON "tasks" USING btree ("source_message_id","ai_key");
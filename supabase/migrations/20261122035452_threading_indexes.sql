CREATE INDEX "messages_internet_id_idx" ON "messages" USING btree ("connection_id","internet_message_id");--> statement-breakpoint
CREATE INDEX "messages_in_reply_to_idx" ON "messages" USING btree ("connection_id","in_reply_to");--> statement-breakpoint
CREATE INDEX "messages_references_idx" ON "messages" USING gin ("references");
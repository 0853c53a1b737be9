DROP INDEX "assets_workspace_status_idx";--> statement-breakpoint
DROP INDEX "assets_workspace_created_idx";--> statement-breakpoint
CREATE INDEX "assets_workspace_status_idx" ON "assets" USING btree ("workspace_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "assets_workspace_created_idx" ON "assets" USING btree ("workspace_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);
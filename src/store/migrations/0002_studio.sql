CREATE TABLE "invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"role" text NOT NULL,
	"email" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invites_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "invites_role_check" CHECK ("invites"."role" in ('admin', 'champion', 'creator', 'reviewer', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "prefix" text NOT NULL;--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "current_kit_version_id" uuid;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD COLUMN "kit_version_id" uuid;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD COLUMN "use_case_version_id" uuid;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD COLUMN "brief_id" uuid;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD COLUMN "needs_review" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "use_cases" ADD COLUMN "current_version_id" uuid;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invites_workspace_id_idx" ON "invites" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "login_attempts_key_at_idx" ON "login_attempts" USING btree ("key","at");--> statement-breakpoint
ALTER TABLE "brands" ADD CONSTRAINT "brands_current_kit_version_id_kit_versions_id_fk" FOREIGN KEY ("current_kit_version_id") REFERENCES "public"."kit_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD CONSTRAINT "generation_runs_kit_version_id_kit_versions_id_fk" FOREIGN KEY ("kit_version_id") REFERENCES "public"."kit_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD CONSTRAINT "generation_runs_use_case_version_id_use_case_versions_id_fk" FOREIGN KEY ("use_case_version_id") REFERENCES "public"."use_case_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation_runs" ADD CONSTRAINT "generation_runs_brief_id_briefs_id_fk" FOREIGN KEY ("brief_id") REFERENCES "public"."briefs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "use_cases" ADD CONSTRAINT "use_cases_current_version_id_use_case_versions_id_fk" FOREIGN KEY ("current_version_id") REFERENCES "public"."use_case_versions"("id") ON DELETE no action ON UPDATE no action;
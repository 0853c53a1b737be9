// drizzle-kit's settings for `npm run db:generate` (SQL migrations from schema.ts). Not part of the build.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema.ts",
  out: "./src/store/migrations",
});

// The Drizzle schema: one import for the client and drizzle-kit. Every table here is
// created by supabase/migrations; tests/integration/schema-drift.test.ts fails when they differ.
export * from "./enums";
export * from "./workspaces";
export * from "./channels";
export * from "./messages";
export * from "./calendar";
export * from "./tasks";
export * from "./ai";
export * from "./contacts";
export * from "./sync";
export * from "./private";
export { authUsers } from "drizzle-orm/supabase";

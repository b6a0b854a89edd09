export * from "./client";
export * from "./schema";
export * from "./password";
export * from "./search-document";
export { seedDemoData, type SeedOptions } from "./seed";
export {
  LONG_CONVERSATION_SUBJECT,
  seedVolumeData,
  VOLUME_EMAIL_DOMAIN,
  type VolumeOptions,
} from "./seed-volume";
export { alias, type PgUpdateSetSource } from "drizzle-orm/pg-core";
export {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  not,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from "drizzle-orm";

export * from "./client";
export * from "./schema";
export * from "./password";
export { seedDemoData, type SeedOptions } from "./seed";
export { alias } from "drizzle-orm/pg-core";
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
} from "drizzle-orm";

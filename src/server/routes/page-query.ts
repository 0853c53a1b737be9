import { z } from "@hono/zod-openapi";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../store/pagination.ts";

/**
 * The query parameters of every paged list: `limit` and `cursor`. Spread into a route's query
 * schema.
 *
 * @example z.strictObject({ status: z.enum(ASSET_STATUSES).optional(), ...PAGE_QUERY })
 */
export const PAGE_QUERY = {
  limit: z.coerce
    .number()
    .int({ message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
    .min(1, { message: `must be from 1 to ${MAX_PAGE_SIZE}` })
    .max(MAX_PAGE_SIZE, { message: `must be from 1 to ${MAX_PAGE_SIZE}` })
    .optional()
    .openapi({ param: { name: "limit", in: "query" }, description: `Items per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`, example: 50 }),
  cursor: z
    .string()
    .min(1)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "The `nextCursor` of the previous page, as it was; leave out for the first page" }),
};

/**
 * A page of `item`s, newest first, registered in the OpenAPI document as `name`.
 *
 * @example pageSchema(AssetSchema, "AssetPage")
 */
export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page" }),
    })
    .openapi(name);
}

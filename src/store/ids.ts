const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `id` can be a row id. Ids come from URLs and request bodies; a malformed one is simply
 * not found, instead of a database error about the uuid type.
 *
 * @example isUuid("not-an-id") // false
 */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

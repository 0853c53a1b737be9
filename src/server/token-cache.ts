import { hash } from "node:crypto";
import type { Context, Next } from "hono";
import { personOfApiToken } from "../store/api-tokens.ts";
import type { Store } from "../store/open-store.ts";
import type { Person } from "../store/schema.ts";

/**
 * How long a verified API token is trusted without asking the database again. A change made in
 * this process (revoking a token, changing or removing a person) applies to the next request; one
 * made by another process (`onbrand` commands, a second server) within this time.
 */
export const TOKEN_TRUST_MS = 5000;
/** Verified tokens kept at most; the oldest goes first. */
const MAX_TOKENS = 1000;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Requests that change nothing although their method could: they keep the verified tokens. */
const STATELESS = new Set(["POST /api/check"]);

export interface VerifiedToken {
  person: Person;
  tokenId: string;
}

/**
 * API tokens verified in the last few seconds, so a burst of requests (a CI job checking every
 * file) costs one database lookup, not one each. Keyed by the token's hash, like the database, so
 * the cache holds no secret. Every request that may change people or tokens empties it as it ends.
 *
 * @example
 * const tokens = tokenCacheOf(store);
 * const found = await tokens.personOf(token); // the database once, then memory for 5 s
 * await tokens.fence(c, next);                // a PATCH /api/people/... empties it as it ends
 */
export class TokenCache {
  private readonly lookup: (token: string) => Promise<VerifiedToken | undefined>;
  private readonly now: () => number;
  private readonly verified = new Map<string, { found: VerifiedToken; at: number }>();
  /** Bumped by every clear, so a lookup that started before one does not store what it read. */
  private generation = 0;

  constructor(lookup: (token: string) => Promise<VerifiedToken | undefined>, now: () => number = Date.now) {
    this.lookup = lookup;
    this.now = now;
  }

  /** The person a token signs in, from memory when verified in the last TOKEN_TRUST_MS. */
  async personOf(token: string): Promise<VerifiedToken | undefined> {
    // Node's one-shot hash: a Hash object per request costs more than the rest of the lookup.
    const key = hash("sha256", token);
    const at = this.now();
    const known = this.verified.get(key);
    if (known && at - known.at < TOKEN_TRUST_MS) return known.found;
    const generation = this.generation;
    const found = await this.lookup(token);
    if (!found || generation !== this.generation) return found;
    this.verified.delete(key);
    if (this.verified.size >= MAX_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(key, { found, at });
    return found;
  }

  /** Runs the rest of a request; one that may change people or tokens empties the cache as it ends. */
  async fence(c: Context, next: Next): Promise<void> {
    if (SAFE_METHODS.has(c.req.method) || STATELESS.has(`${c.req.method} ${c.req.path}`)) return next();
    try {
      await next();
    } finally {
      this.clear();
    }
  }

  /** Forgets every verified token. */
  clear(): void {
    this.generation++;
    this.verified.clear();
  }
}

const caches = new WeakMap<Store, TokenCache>();

/**
 * The store's token cache, shared by every app of this process over the store, so a revocation
 * through one is seen by all.
 *
 * @example const found = await tokenCacheOf(store).personOf(token);
 */
export function tokenCacheOf(store: Store): TokenCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new TokenCache((token) => personOfApiToken(store.db, token));
    caches.set(store, cache);
  }
  return cache;
}

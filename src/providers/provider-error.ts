import { OnbrandError } from "../core/errors.ts";

export const PROVIDER_ERROR_CODES = [
  "provider_auth",
  "provider_rate_limited",
  "provider_unavailable",
  "provider_timeout",
  "provider_bad_request",
  "provider_unreachable",
] as const;
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

/**
 * A model call failed. The message is one line naming the URL or environment variable to fix;
 * it never contains an API key.
 *
 * @example
 * new ProviderError("provider_unreachable", "cannot reach http://127.0.0.1:11434/v1 (connection refused): start the server or set base_url", { attempts: 4 })
 */
export class ProviderError extends OnbrandError {
  declare readonly code: ProviderErrorCode;
  /** Requests sent before giving up (0 when the client could not be set up). */
  readonly attempts: number;
  /** HTTP status of the last answer, when there was one. */
  readonly status: number | undefined;
  constructor(code: ProviderErrorCode, message: string, details: { attempts?: number; status?: number } = {}) {
    super(code, message);
    this.attempts = details.attempts ?? 0;
    this.status = details.status;
  }
}

import { OnbrandError, UsageError } from "../core/errors.ts";

/** The environment variables `--server` reads: the URL (when the flag is absent) and the API token. */
export const SERVER_ENV = "ONBRAND_SERVER";
export const TOKEN_ENV = "ONBRAND_TOKEN";

/** A studio server answered with an error, or could not be reached; the message says what to do. */
export class ServerError extends OnbrandError {
  readonly status: number | null;
  /** The bad fields of a validation error, as the server named them. */
  readonly details: readonly { path: string; message: string }[];
  constructor(status: number | null, code: string, message: string, details: readonly { path: string; message: string }[] = []) {
    super(code, message);
    this.status = status;
    this.details = details;
  }
}

export interface StudioClient {
  /** The server's base URL, without a trailing slash, for messages. */
  readonly url: string;
  /** Sends a JSON request to `/api/...` and returns the JSON answer; an error answer throws ServerError. */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/**
 * The server a command talks to instead of the local kit: `--server URL` or ONBRAND_SERVER, with the
 * API token from ONBRAND_TOKEN (never a flag: it would end up in shell history). Null when neither
 * names a server.
 *
 * @example
 * const client = serverClient(values.server, io.env);
 * if (client) await client.request("POST", "/api/check", { text: "Hi" });
 */
export function serverClient(option: string | undefined, env: Readonly<Record<string, string | undefined>>, fetchImpl: typeof fetch = fetch): StudioClient | null {
  const raw = option ?? env[SERVER_ENV];
  if (raw === undefined || raw === "") return null;
  let base: URL;
  try {
    base = new URL(raw);
  } catch {
    throw new UsageError(`--server must be a URL such as http://localhost:4321 (got "${raw}")`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new UsageError(`--server must be an http:// or https:// URL (got "${raw}")`);
  }
  const token = env[TOKEN_ENV];
  if (token === undefined || token === "") {
    throw new UsageError(`--server needs an API token in ${TOKEN_ENV}: create one in the studio or with \`onbrand token create\`, then export ${TOKEN_ENV}=obt_…`);
  }
  const url = base.toString().replace(/\/+$/, "");
  return {
    url,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
      if (body !== undefined) headers["content-type"] = "application/json";
      let response: Response;
      try {
        response = await fetchImpl(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
        throw new ServerError(null, "server_unreachable", `cannot reach the studio at ${url} (${cause}): start it with \`onbrand serve\`, or fix --server / ${SERVER_ENV}`);
      }
      const text = await response.text();
      let data: unknown;
      try {
        data = text === "" ? null : JSON.parse(text);
      } catch {
        throw new ServerError(response.status, "server_bad_answer", `${url}${path} answered ${response.status} with something that is not JSON: is ${url} an onbrand studio?`);
      }
      if (!response.ok) throw serverErrorOf(response.status, data, url);
      return data as T;
    },
  };
}

function serverErrorOf(status: number, data: unknown, url: string): ServerError {
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${status}`;
  let message = typeof error?.message === "string" ? error.message : `the studio answered ${status}`;
  const details = (Array.isArray(error?.details) ? (error.details as { path?: unknown; message?: unknown }[]) : []).map((d) => ({
    path: String(d.path ?? ""),
    message: String(d.message ?? ""),
  }));
  if (details.length > 0) message += `:\n${details.map((d) => `  ${d.path}: ${d.message}`).join("\n")}`;
  if (status === 401) message = `${url} refused the API token in ${TOKEN_ENV} (${message}); create a new one with \`onbrand token create\``;
  return new ServerError(status, code, message, details);
}

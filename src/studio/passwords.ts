import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt's cost: N = 2^ln (CPU and memory), r (block size), p (parallel lanes). */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

/**
 * The cost of new hashes: 32 MiB and about 0.1 s of one core per hash (the interactive-login
 * setting Go's scrypt package recommends). Each stored hash names its own parameters, so raising
 * these later keeps old hashes working, and `needsRehash` upgrades them at the next sign-in.
 */
export const PASSWORD_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

const SALT_BYTES = 16;
const HASH_BYTES = 32;
// scrypt needs about 128 * N * r bytes; Node refuses 32 MiB and more unless told.
const maxmem = (params: ScryptParams) => 2 * 128 * 2 ** params.ln * params.r;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/**
 * What is wrong with a new password, for a message after the field's name, or undefined when it
 * will do. Length is counted in characters (code points), so an emoji counts once.
 *
 * @example passwordProblem("short") // "must be at least 12 characters; found 5"
 */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters; found ${length}. A few unrelated words make a long password that is easy to remember`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters; found ${length}`;
  return undefined;
}

/**
 * The stored form of a password: a PHC string naming the algorithm, its parameters, the salt and
 * the hash, e.g. `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64 without padding).
 *
 * @example
 * const stored = await hashPassword("correct horse battery staple");
 * await verifyPassword("correct horse battery staple", stored) // true
 */
export async function hashPassword(password: string, params: ScryptParams = PASSWORD_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/**
 * Whether `password` matches a stored hash, compared in constant time. A malformed stored string is
 * a mismatch, never an exception: a sign-in must not fail differently for a damaged row.
 *
 * @example await verifyPassword("wrong guess", stored) // false
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash);
}

/**
 * Whether a stored hash was made with weaker parameters than new hashes get (or is not readable):
 * sign-in rehashes it while it has the password in hand.
 *
 * @example needsRehash("$scrypt$ln=14,r=8,p=1$…$…") // true while PASSWORD_PARAMS.ln is 15
 */
export function needsRehash(stored: string, params: ScryptParams = PASSWORD_PARAMS): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const { ln, r, p } = parsed.params;
  return ln < params.ln || r < params.r || p < params.p || parsed.hash.length < HASH_BYTES;
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time a real check costs, for a sign-in whose email is unknown: its answer then takes
 * as long as a wrong password's, so timing does not tell which emails have accounts.
 *
 * @example if (!person) await verifyDummyPassword(password);
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(18).toString("base64"));
  await verifyPassword(password, await dummy);
  return false;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const match = PHC.exec(stored);
  if (!match) return undefined;
  const [, ln, r, p, salt, hash] = match;
  const params = { ln: Number(ln), r: Number(r), p: Number(p) };
  // Bounds keep a damaged or tampered row from asking for gigabytes or a useless hash.
  if (params.ln < 1 || params.r < 1 || params.p < 1 || 2 ** params.ln * params.r * params.p > 2 ** 22) return undefined;
  const bytes = { salt: Buffer.from(salt ?? "", "base64"), hash: Buffer.from(hash ?? "", "base64") };
  if (bytes.salt.length < 8 || bytes.hash.length < 16) return undefined;
  return { params, ...bytes };
}

function derive(password: string, salt: Buffer, params: ScryptParams, length = HASH_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, { N: 2 ** params.ln, r: params.r, p: params.p, maxmem: maxmem(params) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}

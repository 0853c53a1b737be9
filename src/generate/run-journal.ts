import { randomBytes } from "node:crypto";
import { type FileHandle, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { OnbrandError } from "../core/errors.ts";

/** The journal format this module writes; a header with another version is refused. */
export const JOURNAL_VERSION = 1;

/**
 * One finished variant. The pipeline defines the full shape; the journal only relies on `id`
 * (the last record for an id wins) and keeps every other JSON field as written.
 */
export type JournalRecord = { type: "variant"; id: string; status: string } & Record<string, unknown>;

export interface JournalOptions {
  /** Continue an existing journal instead of refusing it. */
  resume: boolean;
  /** fsync each append before it resolves (default true); false trades crash safety for speed. */
  sync?: boolean;
  /**
   * With `sync`: 0 (default) fsyncs each batch before its appends resolve; N > 0 lets appends
   * resolve once written (a killed process loses nothing: the lines are in the OS) and fsyncs at
   * most every N ms in the background and on close, so a power cut loses at most N ms of records.
   */
  syncIntervalMs?: number;
}

/** An open run journal; see {@link openJournal}. */
export interface Journal<R extends JournalRecord = JournalRecord> {
  readonly path: string;
  /** The meta of the run header (on resume: as the first run wrote it). */
  readonly meta: Record<string, unknown>;
  /** Bytes of a torn last line dropped on open (a run killed mid-append); 0 when none. */
  readonly repaired: number;
  /** fsyncs done for appends so far; group commit keeps it well below the number of appends. */
  readonly syncs: number;
  /** The last record for `id`, or undefined when the variant has not finished. */
  finished(id: string): R | undefined;
  /** The last record per id, in the order the ids first appeared. */
  records(): R[];
  /** Appends one record as one line; resolves once the line is on disk (fsynced unless `sync: false`). */
  append(record: R): Promise<void>;
  /** Waits for pending appends, then closes the file. */
  close(): Promise<void>;
}

export type JournalErrorCode = "journal_exists" | "journal_corrupt" | "journal_mismatch";

/**
 * The run journal cannot be used as asked; the message names the file (and line) and the fix.
 *
 * @example
 * new JournalError("journal_corrupt", "out/run.jsonl", "out/run.jsonl:7: invalid journal line (not valid JSON); ...")
 */
export class JournalError extends OnbrandError {
  declare readonly code: JournalErrorCode;
  readonly path: string;
  constructor(code: JournalErrorCode, path: string, message: string) {
    super(code, message);
    this.path = path;
  }
}

const NEWLINE = 0x0a;
// Every header this module writes starts with these bytes; a torn header must be a prefix of them.
const HEADER_START = `{"type":"run","version":${JOURNAL_VERSION}`;

/**
 * Opens the JSON Lines journal of a generation run, so that a killed run (even by SIGKILL or a
 * power cut) can resume without repeating finished variants. A new journal gets the header line
 * `{"type":"run","version":1,...meta}`. An existing one is refused unless `resume` is set; on
 * resume a torn last line is cut off (see `repaired`), and a header whose `plan` differs from
 * `meta.plan` is refused, since the journal then describes other work.
 *
 * Measured cost per append (305-byte records, Node 22, ext4, busy 2-core VM): an append on its
 * own (one write + one fdatasync) costs 0.24-0.36 ms of CPU, mostly kernel time, and resolves in
 * ~0.5-1.7 ms (p99 ~15 ms); without `sync` 0.07-0.1 ms. Appends made while a batch is being
 * synced share the next write and fdatasync: a burst of 2,000 costs 6-10 µs of CPU each. So at
 * 10 appends/s the journal stays well inside a 2 ms CPU budget per variant.
 *
 * @example
 * const journal = await openJournal("out/run.jsonl", { plan: planHash, startedAt }, { resume: true });
 * for (const variant of plan) {
 *   if (journal.finished(variant.id)) continue;
 *   await journal.append({ type: "variant", id: variant.id, status: "passed", file: "hero-1.md" });
 * }
 * await journal.close();
 */
export async function openJournal<R extends JournalRecord = JournalRecord>(
  path: string,
  meta: Record<string, unknown>,
  options: JournalOptions,
): Promise<Journal<R>> {
  await mkdir(dirname(path), { recursive: true });
  const created = await createJournal(path, meta);
  if (created) return new AppendJournal<R>(path, created, headerMeta(meta), new Map(), 0, options);

  const bytes = await readFile(path);
  const parsed = parseJournal<R>(path, bytes);
  if (!parsed.header) {
    // Killed before the header was complete: nothing finished, so start the run afresh.
    const handle = await open(path, "a");
    await handle.truncate(0);
    await writeAll(handle, headerLine(meta));
    await handle.datasync();
    return new AppendJournal<R>(path, handle, headerMeta(meta), new Map(), bytes.length, options);
  }
  if (!options.resume) {
    const n = parsed.records.size;
    throw new JournalError(
      "journal_exists",
      path,
      `the run already has ${n} finished variant${n === 1 ? "" : "s"} in ${path}: ` +
        "pass --resume to continue it, or choose another --out folder",
    );
  }
  if (parsed.error) throw parsed.error;
  if (JSON.stringify(parsed.header.plan) !== JSON.stringify(meta.plan)) {
    throw new JournalError(
      "journal_mismatch",
      path,
      `${path} belongs to a different run (the kit, the use case, the briefs, the master, the targets or --count changed since it was written): ` +
        "rerun with the options of that run to continue it, use another --out folder, or remove the journal to start over",
    );
  }
  const handle = await open(path, "a");
  const dropped = bytes.length - parsed.completeBytes;
  if (dropped > 0) {
    await handle.truncate(parsed.completeBytes);
    await handle.datasync();
  }
  return new AppendJournal<R>(path, handle, parsed.header, parsed.records, dropped, options);
}

interface Pending<R> {
  line: string;
  record: R;
  resolve: () => void;
  reject: (error: unknown) => void;
}

class AppendJournal<R extends JournalRecord> implements Journal<R> {
  readonly path: string;
  readonly meta: Record<string, unknown>;
  readonly repaired: number;
  syncs = 0;
  readonly #handle: FileHandle;
  readonly #byId: Map<string, R>;
  readonly #sync: boolean;
  readonly #syncIntervalMs: number;
  #syncTimer: ReturnType<typeof setTimeout> | undefined;
  #backgroundSync: Promise<void> | undefined;
  #unsynced = false;
  #pending: Pending<R>[] = [];
  #flushing: Promise<void> | undefined;
  #failure: unknown;
  #closed = false;

  constructor(path: string, handle: FileHandle, meta: Record<string, unknown>, byId: Map<string, R>, repaired: number, options: JournalOptions) {
    this.path = path;
    this.#handle = handle;
    this.meta = meta;
    this.#byId = byId;
    this.repaired = repaired;
    this.#sync = options.sync ?? true;
    this.#syncIntervalMs = Math.max(0, options.syncIntervalMs ?? 0);
  }

  finished(id: string): R | undefined {
    return this.#byId.get(id);
  }

  records(): R[] {
    return [...this.#byId.values()];
  }

  append(record: R): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`the run journal ${this.path} is closed`));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    let line: string;
    try {
      line = `${JSON.stringify(record)}\n`;
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ line, record, resolve, reject });
      // The flush starts on a later tick, so a burst of appends made together shares one write and one fsync.
      this.#flushing ??= Promise.resolve().then(() => this.#flush());
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    clearTimeout(this.#syncTimer);
    await this.#backgroundSync;
    try {
      if (this.#unsynced && this.#failure === undefined) await this.#syncNow();
    } finally {
      await this.#handle.close();
    }
  }

  // Group commit: one batch at a time is written and fsynced; appends made meanwhile wait for the next batch.
  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        if (this.#failure !== undefined) throw this.#failure;
        // O_APPEND and whole lines per write: lines never interleave, a kill tears at most the last one.
        await writeAll(this.#handle, batch.map((p) => p.line).join(""));
        if (this.#sync && this.#syncIntervalMs === 0) await this.#syncNow();
        else if (this.#sync) this.#scheduleSync();
      } catch (error) {
        // After a failed write the file may end in a partial line; refuse further appends rather than glue onto it.
        this.#failure ??= error;
        for (const p of batch) p.reject(error);
        continue;
      }
      for (const p of batch) {
        this.#byId.set(p.record.id, p.record);
        p.resolve();
      }
    }
    this.#flushing = undefined;
  }

  async #syncNow(): Promise<void> {
    this.#unsynced = false;
    await this.#handle.datasync();
    this.syncs++;
  }

  #scheduleSync(): void {
    this.#unsynced = true;
    if (this.#syncTimer !== undefined || this.#backgroundSync !== undefined) return;
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = undefined;
      this.#backgroundSync = this.#syncNow()
        .catch((error: unknown) => {
          this.#failure ??= error;
        })
        .finally(() => {
          this.#backgroundSync = undefined;
          if (this.#unsynced && !this.#closed) this.#scheduleSync();
        });
    }, this.#syncIntervalMs);
  }
}

async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const buffer = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}

/** Creates the journal with its header, or returns undefined when the file already exists. */
async function createJournal(path: string, meta: Record<string, unknown>): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, "ax");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw error;
  }
  try {
    await writeAll(handle, headerLine(meta));
    await handle.datasync();
    await syncDirectory(dirname(path));
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

// type and version first and not overridable by meta.
function headerLine(meta: Record<string, unknown>): string {
  return `${JSON.stringify(Object.assign({ type: "run", version: JOURNAL_VERSION }, meta, { type: "run", version: JOURNAL_VERSION }))}\n`;
}

function headerMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, version: _version, ...rest } = meta;
  return rest;
}

interface ParsedJournal<R> {
  /** Meta of a complete header line, or undefined when the file holds only a torn header (or nothing). */
  header: Record<string, unknown> | undefined;
  records: Map<string, R>;
  /** Length of the file up to and including its last complete line. */
  completeBytes: number;
  /** The first invalid record line that is not the last one; a torn last line is not an error. */
  error: JournalError | undefined;
}

/** Reads the journal's lines; throws at once when the file is not a journal this onbrand can read. */
function parseJournal<R extends JournalRecord>(path: string, bytes: Buffer): ParsedJournal<R> {
  const records = new Map<string, R>();
  let header: Record<string, unknown> | undefined;
  let error: JournalError | undefined;
  const corrupt = (line: number, message: string) => {
    error ??= new JournalError("journal_corrupt", path, `${path}:${line}: ${message}`);
  };
  const moveAway = "move the file away to start the run over";
  const notAJournal = () =>
    new JournalError("journal_corrupt", path, `${path}:1: not an onbrand run journal (expected a run header); ${moveAway}`);

  const lines: { start: number; end: number }[] = [];
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline + 1;
    lines.push({ start, end });
    start = end;
  }
  let completeBytes = bytes.length;
  for (let i = 0; i < lines.length; i++) {
    const { start, end } = lines[i]!;
    const last = i === lines.length - 1;
    const text = bytes.toString("utf8", start, end);
    let value: unknown;
    let valid = text.endsWith("\n");
    if (valid) {
      try {
        value = JSON.parse(text);
      } catch {
        valid = false;
      }
    }
    if (!valid) {
      if (last) {
        // A kill mid-append leaves a line without its newline (or, after a power cut, garbage); drop it.
        if (i === 0 && !HEADER_START.startsWith(text) && !text.startsWith(HEADER_START)) throw notAJournal();
        completeBytes = start;
      } else {
        corrupt(i + 1, `invalid journal line (not valid JSON); ${moveAway}`);
      }
      continue;
    }
    if (i === 0) {
      if (!isObject(value) || value.type !== "run") throw notAJournal();
      if (value.version !== JOURNAL_VERSION) {
        throw new JournalError(
          "journal_corrupt",
          path,
          `${path}:1: journal version ${JSON.stringify(value.version)} is not supported ` +
            `(this onbrand writes version ${JOURNAL_VERSION}); ${moveAway}`,
        );
      }
      header = headerMeta(value);
      continue;
    }
    if (!isObject(value) || value.type !== "variant" || typeof value.id !== "string" || typeof value.status !== "string") {
      corrupt(i + 1, `invalid journal line (expected a variant record with a string id and status); ${moveAway}`);
      continue;
    }
    records.set(value.id, value as R);
  }
  return { header, records, completeBytes, error };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Writes a file so that readers, and a run killed at any moment, see either the old content or
 * the new one, never half of it: the content goes to `<path>.<pid>.<random>.tmp` in the same
 * folder, is fsynced, then renamed over `path` (and the folder is fsynced so the rename survives
 * a power cut). Creates parent folders. `sync: false` skips both fsyncs.
 *
 * @example
 * await writeFileAtomic("out/hero/variant-1.md", text);
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: { sync?: boolean } = {}): Promise<void> {
  const sync = options.sync ?? true;
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(content);
      if (sync) await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (sync) await syncDirectory(folder);
}

// Makes a new or renamed entry durable. Not every platform can open a folder (Windows cannot): skip there.
async function syncDirectory(folder: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(folder, "r");
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

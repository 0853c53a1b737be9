import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import { JournalError, openJournal, writeFileAtomic } from "./run-journal.ts";

const dir = mkdtempSync(join(tmpdir(), "onbrand-journal-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
/** A fresh journal path in a folder that does not exist yet. */
function journalPath(): string {
  return join(dir, `run-${++count}`, "out", "journal.jsonl");
}

const HEADER = '{"type":"run","version":1,"plan":"p1","kit":"fizzwell"}\n';

function variant(id: string, status: string, extra: Record<string, unknown> = {}) {
  return { type: "variant" as const, id, status, ...extra };
}

/** A journal file written by hand, as an earlier run (or a kill) left it. */
function existing(content: string): string {
  const path = journalPath();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function expectJournalError(code: string, message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof JournalError, `expected a JournalError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  };
}

test("a new journal creates its folders and writes the header line", async () => {
  const path = journalPath();
  const journal = await openJournal(path, { plan: "p1", kit: "fizzwell" }, { resume: false });
  assert.equal(readFileSync(path, "utf8"), HEADER);
  assert.deepEqual(journal.meta, { plan: "p1", kit: "fizzwell" });
  assert.equal(journal.repaired, 0);
  assert.deepEqual(journal.records(), []);
  assert.equal(journal.finished("a"), undefined);
  await journal.close();
});

test("meta cannot override the header's type and version", async () => {
  const path = journalPath();
  const journal = await openJournal(path, { type: "x", plan: "p1", version: 9 }, { resume: false });
  await journal.close();
  assert.equal(readFileSync(path, "utf8"), '{"type":"run","version":1,"plan":"p1"}\n');
  assert.deepEqual(journal.meta, { plan: "p1" });
});

test("appends are lines in the order made, visible through finished() once written", async () => {
  const path = journalPath();
  const journal = await openJournal(path, { plan: "p1", kit: "fizzwell" }, { resume: false });
  await journal.append(variant("hero/1", "passed", { file: "hero/1.md" }));
  await journal.append(variant("hero/2", "needs_review"));
  assert.deepEqual(journal.finished("hero/1"), variant("hero/1", "passed", { file: "hero/1.md" }));
  await journal.close();
  assert.equal(
    readFileSync(path, "utf8"),
    HEADER +
      '{"type":"variant","id":"hero/1","status":"passed","file":"hero/1.md"}\n' +
      '{"type":"variant","id":"hero/2","status":"needs_review"}\n',
  );
});

test("reopening without --resume refuses, counting the finished variants, and leaves the file alone", async () => {
  const content = HEADER + '{"type":"variant","id":"a","status":"passed"}\n{"type":"variant","id":"b","status":"failed"}\n{"type":"variant","id":"a","status":"repaired"}\n';
  const path = existing(content);
  await assert.rejects(
    openJournal(path, { plan: "p1" }, { resume: false }),
    expectJournalError(
      "journal_exists",
      `the run already has 2 finished variants in ${path}: pass --resume to continue it, or choose another --out folder`,
    ),
  );
  assert.equal(readFileSync(path, "utf8"), content);

  const one = existing(HEADER + '{"type":"variant","id":"a","status":"passed"}\n');
  await assert.rejects(
    openJournal(one, { plan: "p1" }, { resume: false }),
    expectJournalError("journal_exists", `the run already has 1 finished variant in ${one}: pass --resume to continue it, or choose another --out folder`),
  );
});

test("resume reads the records: the last one for an id wins, ids keep their first-seen order", async () => {
  const path = existing(
    HEADER +
      '{"type":"variant","id":"a","status":"failed","attempt":1}\n' +
      '{"type":"variant","id":"b","status":"passed"}\n' +
      '{"type":"variant","id":"a","status":"repaired","attempt":2}\n',
  );
  const journal = await openJournal(path, { plan: "p1", kit: "other-name" }, { resume: true });
  assert.deepEqual(journal.records(), [variant("a", "repaired", { attempt: 2 }), variant("b", "passed")]);
  assert.deepEqual(journal.finished("a"), variant("a", "repaired", { attempt: 2 }));
  assert.equal(journal.finished("c"), undefined);
  assert.deepEqual(journal.meta, { plan: "p1", kit: "fizzwell" }, "the meta is the first run's");
  assert.equal(journal.repaired, 0);
  await journal.close();
});

test("a torn last line is cut off and reported, and the next append starts on a fresh line", async () => {
  const whole = HEADER + '{"type":"variant","id":"a","status":"passed"}\n';
  const torn = '{"type":"variant","id":"b","sta';
  const path = existing(whole + torn);
  const journal = await openJournal(path, { plan: "p1" }, { resume: true });
  assert.equal(journal.repaired, Buffer.byteLength(torn));
  assert.equal(readFileSync(path, "utf8"), whole);
  assert.deepEqual(journal.records(), [variant("a", "passed")]);
  await journal.append(variant("b", "passed"));
  await journal.close();
  assert.equal(readFileSync(path, "utf8"), whole + '{"type":"variant","id":"b","status":"passed"}\n');
});

test("a last line without its newline is dropped even when its JSON is complete: its append never resolved", async () => {
  const whole = HEADER + '{"type":"variant","id":"a","status":"passed"}\n';
  const path = existing(`${whole}{"type":"variant","id":"b","status":"passed"}`);
  const journal = await openJournal(path, { plan: "p1" }, { resume: true });
  assert.equal(journal.repaired, 45);
  assert.equal(journal.finished("b"), undefined);
  await journal.close();
  assert.equal(readFileSync(path, "utf8"), whole);
});

test("a garbled last line (a power cut can leave zeros) is dropped too", async () => {
  const whole = HEADER + '{"type":"variant","id":"a","status":"passed"}\n';
  const path = existing(`${whole}\0\0\0\0\n`);
  const journal = await openJournal(path, { plan: "p1" }, { resume: true });
  assert.equal(journal.repaired, 5);
  await journal.close();
  assert.equal(readFileSync(path, "utf8"), whole);
});

test("a journal killed before its header was complete starts afresh", async () => {
  const path = existing('{"type":"run","vers');
  const journal = await openJournal(path, { plan: "p1", kit: "fizzwell" }, { resume: false });
  assert.equal(journal.repaired, 19);
  await journal.append(variant("a", "passed"));
  await journal.close();
  assert.equal(readFileSync(path, "utf8"), `${HEADER}{"type":"variant","id":"a","status":"passed"}\n`);

  const empty = existing("");
  const again = await openJournal(empty, { plan: "p1", kit: "fizzwell" }, { resume: true });
  assert.equal(again.repaired, 0);
  await again.close();
  assert.equal(readFileSync(empty, "utf8"), HEADER);
});

test("an invalid line before the last one is journal_corrupt, naming path:line, and nothing is cut", async () => {
  const content = HEADER + '{"type":"variant","id":"a","status":"passed"}\n{"type":"vari\n{"type":"variant","id":"b","status":"passed"}\n{"torn';
  const path = existing(content);
  await assert.rejects(
    openJournal(path, { plan: "p1" }, { resume: true }),
    expectJournalError("journal_corrupt", `${path}:3: invalid journal line (not valid JSON); move the file away to start the run over`),
  );
  assert.equal(readFileSync(path, "utf8"), content);
});

test("a valid JSON line that is not a variant record is journal_corrupt", async () => {
  const path = existing(HEADER + '{"type":"variant","id":7,"status":"passed"}\n{"type":"variant","id":"a","status":"passed"}\n');
  await assert.rejects(
    openJournal(path, { plan: "p1" }, { resume: true }),
    expectJournalError(
      "journal_corrupt",
      `${path}:2: invalid journal line (expected a variant record with a string id and status); move the file away to start the run over`,
    ),
  );
});

test("a file that is not a run journal is refused at line 1, with or without --resume, and never cut", async () => {
  for (const content of ['{"name":"fizzwell"}\n', "# Notes without a newline"]) {
    const path = existing(content);
    for (const resume of [false, true]) {
      await assert.rejects(
        openJournal(path, { plan: "p1" }, { resume }),
        expectJournalError("journal_corrupt", `${path}:1: not an onbrand run journal (expected a run header); move the file away to start the run over`),
      );
    }
    assert.equal(readFileSync(path, "utf8"), content);
  }
  const newer = existing('{"type":"run","version":2,"plan":"p1"}\n');
  await assert.rejects(
    openJournal(newer, { plan: "p1" }, { resume: true }),
    expectJournalError(
      "journal_corrupt",
      `${newer}:1: journal version 2 is not supported (this onbrand writes version 1); move the file away to start the run over`,
    ),
  );
});

test("a journal whose plan differs belongs to another run: journal_mismatch", async () => {
  const content = HEADER + '{"type":"variant","id":"a","status":"passed"}\n{"torn';
  const path = existing(content);
  await assert.rejects(
    openJournal(path, { plan: "p2", kit: "fizzwell" }, { resume: true }),
    expectJournalError(
      "journal_mismatch",
      `${path} belongs to a different run (the kit, the use case, the briefs, the master, the targets or --count changed since it was written): rerun with the options of that run to continue it, use another --out folder, or remove the journal to start over`,
    ),
  );
  assert.equal(readFileSync(path, "utf8"), content, "a refused journal is not repaired");
});

test("200 concurrent appends give 200 whole lines, in call order, sharing one fsync", async () => {
  const path = journalPath();
  const journal = await openJournal(path, { plan: "p1", kit: "fizzwell" }, { resume: false });
  // Sizes up to 96 KB: a write that interleaved or split would garble some line.
  const records = Array.from({ length: 200 }, (_, i) => variant(`v${i}`, "passed", { body: String(i % 10).repeat((i * 487) % 98_304) }));
  await Promise.all(records.map((r) => journal.append(r)));
  assert.equal(journal.syncs, 1);
  assert.equal(journal.records().length, 200);
  await journal.close();
  const lines = readFileSync(path, "utf8").split("\n");
  assert.equal(lines.pop(), "");
  assert.equal(lines.shift(), HEADER.trimEnd());
  assert.deepEqual(
    lines.map((line) => JSON.parse(line)),
    records,
  );
});

test("appends during an fsync share the next one", async () => {
  const journal = await openJournal(journalPath(), { plan: "p1" }, { resume: false });
  const first = journal.append(variant("a", "passed"));
  await Promise.resolve(); // the first batch starts
  await Promise.resolve();
  const rest = [journal.append(variant("b", "passed")), journal.append(variant("c", "passed")), journal.append(variant("d", "passed"))];
  await Promise.all([first, ...rest]);
  assert.equal(journal.syncs, 2);
  await journal.close();
});

test("sync: false writes without fsync", async () => {
  const path = journalPath();
  const journal = await openJournal(path, { plan: "p1", kit: "fizzwell" }, { resume: false, sync: false });
  await journal.append(variant("a", "passed"));
  assert.equal(journal.syncs, 0);
  await journal.close();
  assert.equal(readFileSync(path, "utf8"), `${HEADER}{"type":"variant","id":"a","status":"passed"}\n`);
});

test("syncIntervalMs: appends resolve once written, one background fsync covers them, close syncs the rest", async () => {
  const path = journalPath();
  const journal = await openJournal(path, { plan: "p1", kit: "fizzwell" }, { resume: false, syncIntervalMs: 40 });
  await journal.append(variant("a", "passed"));
  await journal.append(variant("b", "passed"));
  assert.equal(journal.syncs, 0, "no fsync before the append resolves");
  assert.equal(readFileSync(path, "utf8"), `${HEADER}${JSON.stringify(variant("a", "passed"))}\n${JSON.stringify(variant("b", "passed"))}\n`, "written at once");
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(journal.syncs, 1, "one background fsync for both");
  await journal.append(variant("c", "passed"));
  await journal.close();
  assert.equal(journal.syncs, 2, "close syncs what the timer had not");
});

test("a record that cannot be serialized is refused alone; appending after close is refused", async () => {
  const path = journalPath();
  const journal = await openJournal(path, { plan: "p1", kit: "fizzwell" }, { resume: false });
  await assert.rejects(journal.append(variant("a", "passed", { n: 1n })), TypeError);
  await journal.append(variant("b", "passed"));
  await journal.close();
  await assert.rejects(journal.append(variant("c", "passed")), { message: `the run journal ${path} is closed` });
  assert.equal(readFileSync(path, "utf8"), `${HEADER}{"type":"variant","id":"b","status":"passed"}\n`);
});

test("writeFileAtomic creates folders, replaces the content and leaves no temporary file", async () => {
  const folder = join(dir, "atomic", "hero");
  const path = join(folder, "variant-1.md");
  await writeFileAtomic(path, "# First\n");
  assert.equal(readFileSync(path, "utf8"), "# First\n");
  await writeFileAtomic(path, new TextEncoder().encode("# Second\n"));
  await Promise.all([writeFileAtomic(path, "# Third\n"), writeFileAtomic(path, "# Third\n")]);
  assert.equal(readFileSync(path, "utf8"), "# Third\n");
  assert.deepEqual(readdirSync(folder), ["variant-1.md"]);
});

test("writeFileAtomic removes its temporary file when the rename fails", async () => {
  const folder = join(dir, "atomic-fail");
  mkdirSync(join(folder, "taken.md"), { recursive: true }); // a folder where the file should go
  await assert.rejects(writeFileAtomic(join(folder, "taken.md"), "x"), { code: "EISDIR" });
  assert.deepEqual(readdirSync(folder), ["taken.md"]);
});

test("a run killed with SIGKILL mid-append resumes with every surviving record whole", { timeout: 60_000 }, async () => {
  const path = journalPath();
  const moduleUrl = pathToFileURL(join(import.meta.dirname, "run-journal.ts")).href;
  // Eight workers append 32 KB records as fast as they can; "ready" once 40 of them are on disk.
  const script = `
    import { openJournal } from ${JSON.stringify(moduleUrl)};
    const journal = await openJournal(${JSON.stringify(path)}, { plan: "p1" }, { resume: true });
    let next = journal.records().length;
    const start = next;
    const body = "x".repeat(32768);
    const worker = async () => {
      for (;;) {
        const n = next++;
        await journal.append({ type: "variant", id: String(n), status: "passed", check: n * 7, body });
        if (n === start + 40) process.stdout.write("ready\\n");
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  `;
  let total = 0;
  for (let round = 0; round < 3; round++) {
    const child = spawn(process.execPath, ["--input-type=module", "--no-warnings", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      child.on("exit", () => reject(new Error(`the child exited before it was ready: ${stderr}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, round * 7));
    child.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");

    const journal = await openJournal(path, { plan: "p1" }, { resume: true });
    const records = journal.records();
    assert.ok(records.length >= total + 41, `round ${round}: ${records.length} records, expected at least ${total + 41}`);
    records.forEach((record, n) => {
      assert.equal(record.id, String(n), "records survive as a prefix of the appends, in order");
      assert.equal(record.check, n * 7);
      assert.equal((record.body as string).length, 32768);
    });
    total = records.length;
    await journal.close();
  }
  const lines = readFileSync(path, "utf8").split("\n");
  assert.equal(lines.pop(), "", "the file ends with a whole line");
  assert.equal(lines.length, total + 1);
});

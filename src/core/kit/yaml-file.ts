import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLError } from "yaml";
import { positionAt, type Position } from "../document/prose-document.ts";
import type { Diagnostic } from "../errors.ts";

/** A path into a YAML value, as zod reports it: `["claims", 2, "phrases", 0]`. */
export type YamlPath = readonly PropertyKey[];

/** A parsed YAML file that can say where any value of it was written. */
export interface YamlFile {
  file: string;
  /** The file as plain data; `undefined` when it has syntax errors. An empty file is `null`. */
  value: unknown;
  /** Syntax errors, duplicate keys and YAML warnings. */
  diagnostics: Diagnostic[];
  /**
   * 1-based line and column (in code points) of the value at `path`; of the deepest existing
   * parent when the path does not exist (a missing key points at its mapping).
   */
  positionOf(path: YamlPath): Position;
  /** Where the key of the last path segment is written (for unknown keys); falls back to `positionOf`. */
  keyPositionOf(path: YamlPath): Position;
}

type Located = { node: Node | null; keyNode: Node | null; offset: number };

/**
 * Parses one YAML file for validation. Never throws: syntax errors and duplicate keys come back
 * as diagnostics with their line and column.
 *
 * @example
 * const yaml = parseYamlFile("brand/brand.yaml", "name: Fizzwell\nname: FizzWell\n");
 * yaml.diagnostics[0].message // 'duplicate key "name"; it is first set at line 1'
 */
export function parseYamlFile(file: string, content: string): YamlFile {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below so the message can name the key and its first place.
  const doc = parseDocument(content, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const lines = { source: content, lineStarts: lineCounter.lineStarts.length > 0 ? lineCounter.lineStarts : [0] };
  const at = (offset: number): Position => positionAt(lines, Math.max(0, Math.min(offset, content.length)));
  const diagnostics: Diagnostic[] = [];

  for (const error of doc.errors) diagnostics.push(syntaxDiagnostic(file, error, at));
  for (const warning of doc.warnings) {
    diagnostics.push({ level: "warning", file, ...at(warning.pos[0]), message: `YAML: ${firstLine(warning.message)}` });
  }
  findDuplicateKeys(doc.contents, (key, first) => {
    const name = isScalar(key) ? String(key.value) : "?";
    const firstAt = at(first.range?.[0] ?? 0);
    diagnostics.push({
      level: "error",
      file,
      ...at(key.range?.[0] ?? 0),
      message: `duplicate key "${name}"; it is first set at line ${firstAt.line}`,
      fix: `keep one "${name}" and merge the two`,
    });
  });

  let value: unknown;
  if (!diagnostics.some((d) => d.level === "error")) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      diagnostics.push({
        level: "error",
        file,
        line: 0,
        column: 0,
        message: `YAML: ${error instanceof Error ? error.message : String(error)}`,
        fix: "use fewer aliases (*name) or write the values out",
      });
    }
  }

  const locate = (path: YamlPath): Located => locatePath(doc, path);
  return {
    file,
    value,
    diagnostics,
    positionOf: (path) => at(locate(path).offset),
    keyPositionOf(path) {
      const found = locate(path);
      return at(found.keyNode?.range?.[0] ?? found.offset);
    },
  };
}

function locatePath(doc: Document, path: YamlPath): Located {
  let node: Node | null = resolve(doc.contents, doc);
  let keyNode: Node | null = null;
  let offset = node?.range?.[0] ?? 0;
  for (const segment of path) {
    let next: Node | null | undefined;
    let nextKey: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair) {
        nextKey = isScalar(pair.key) ? pair.key : null;
        next = resolve(pair.value as Node | null, doc);
      }
    } else if (isSeq(node) && typeof segment === "number") {
      next = resolve(node.items[segment] as Node | null, doc);
    }
    if (next === undefined) return { node, keyNode: nextKey, offset };
    node = next;
    keyNode = nextKey;
    // An empty value (`voice:`) is an empty node after the colon; its key is the better place.
    const empty = !node?.range || node.range[0] === node.range[1];
    offset = (empty ? keyNode?.range?.[0] : node?.range?.[0]) ?? node?.range?.[0] ?? offset;
  }
  return { node, keyNode, offset };
}

function resolve(node: Node | null | undefined, doc: Document): Node | null {
  if (node && isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return node ?? null;
}

function findDuplicateKeys(node: unknown, report: (key: Node, first: Node) => void): void {
  if (isMap(node)) {
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      if (isScalar(pair.key)) {
        const name = String(pair.key.value);
        const first = seen.get(name);
        if (first) report(pair.key, first);
        else seen.set(name, pair.key);
      }
      findDuplicateKeys(pair.value, report);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) findDuplicateKeys(item, report);
  }
}

const SYNTAX_FIXES: Partial<Record<YAMLError["code"], string>> = {
  BAD_INDENT: "indent nested keys and list items consistently with spaces",
  TAB_AS_INDENT: "indent with spaces, not tabs",
  MISSING_CHAR: "close the quote or bracket that was opened",
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; check for a missing ':' or wrong indentation above",
  BLOCK_AS_IMPLICIT_KEY: "check the indentation and the ':' after each key",
  UNEXPECTED_TOKEN: "quote text that contains ': ', ' #' or starts with a special character (@, `, *, &, !, |, >, %)",
  BAD_SCALAR_START: "quote text that starts with a special character (@, `, *, &, !, |, >, %)",
  MULTIPLE_DOCS: "keep one document in the file (remove the second '---')",
  BAD_ALIAS: "define the anchor (&name) before using the alias (*name)",
  DUPLICATE_KEY: "keep one of the keys",
};

function syntaxDiagnostic(file: string, error: YAMLError, at: (offset: number) => Position): Diagnostic {
  return {
    level: "error",
    file,
    ...at(error.pos[0]),
    message: `YAML syntax error: ${firstLine(error.message)}`,
    fix: SYNTAX_FIXES[error.code] ?? "check the indentation and quoting at this place",
  };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

import { plainTextDocument, type ProseDocument } from "../document/prose-document.ts";
import { InputError } from "../errors.ts";
import { parseYamlFile } from "../kit/yaml-file.ts";
import { findFrontMatter } from "./front-matter.ts";
import { parseHtml } from "./html.ts";
import { parseMarkdown } from "./markdown.ts";
import { parseStructured } from "./structured.ts";

export const FORMATS = ["text", "markdown", "html", "json", "yaml"] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: unknown): value is Format {
  return typeof value === "string" && (FORMATS as readonly string[]).includes(value);
}

/** An asset as the engine checks it: where it runs, and one ProseDocument per piece of copy. */
export interface ParsedAsset {
  format: Format;
  /** From a structured asset's `channel` or Markdown front matter; null when the file does not say. */
  channel: string | null;
  locale: string | null;
  /** Other top-level keys of a structured asset or of Markdown front matter. */
  meta: Record<string, unknown>;
  documents: ProseDocument[];
}

const BY_EXTENSION: Record<string, Format> = {
  md: "markdown",
  markdown: "markdown",
  mdx: "markdown",
  html: "html",
  htm: "html",
  json: "json",
  yaml: "yaml",
  yml: "yaml",
  txt: "text",
};

/**
 * The format of an asset: by extension (.md .markdown .mdx, .html .htm, .json, .yaml .yml; any
 * other extension is plain text). Without an extension (`<stdin>`, `README`) the content decides:
 * `{` or `[` first is JSON, `<` first is HTML (a fragment read as Markdown would be one HTML block,
 * all blank), anything else is Markdown.
 *
 * @example
 * detectFormat("copy/launch.md", "")         // "markdown"
 * detectFormat("<stdin>", "{\"fields\": {}}") // "json"
 */
export function detectFormat(path: string, content: string): Format {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const dot = name.lastIndexOf(".");
  if (dot > 0 && name !== "<stdin>") {
    const extension = name.slice(dot + 1).toLowerCase();
    return Object.hasOwn(BY_EXTENSION, extension) ? (BY_EXTENSION[extension] ?? "text") : "text";
  }
  const start = content.charAt(content.search(/[^\uFEFF\s]/));
  if (start === "{" || start === "[") return "json";
  if (start === "<") return "html";
  return "markdown";
}

/**
 * Parses an asset of any format into ProseDocuments. Plain text and Markdown/HTML give one
 * document with `field` null; JSON and YAML give one per text field (see parseStructured).
 * Markdown front matter may set `channel` and `locale`. Throws InputError for malformed
 * structured assets and front matter.
 *
 * @example
 * const asset = parseAsset({ path: "a.md", content: "---\nchannel: email\n---\nHello\n" });
 * asset.channel                // "email"
 * asset.documents[0].text      // "   \n              \n   \nHello\n"
 */
export function parseAsset(input: { path: string; content: string; format?: Format }): ParsedAsset {
  const format = input.format ?? detectFormat(input.path, input.content);
  switch (format) {
    case "text":
      return { format, channel: null, locale: null, meta: {}, documents: [plainTextDocument(input.content, null)] };
    case "markdown":
      return { format, ...frontMatterSettings(input.path, input.content), documents: [parseMarkdown(input.content)] };
    case "html":
      return { format, channel: null, locale: null, meta: {}, documents: [parseHtml(input.content)] };
    case "json":
    case "yaml": {
      const asset = parseStructured(input.content, format, input.path);
      return { format, ...asset };
    }
    default: {
      const never: never = format;
      throw new InputError(input.path, `unknown format "${String(never)}" (use one of ${FORMATS.join(", ")})`);
    }
  }
}

interface Settings {
  channel: string | null;
  locale: string | null;
  meta: Record<string, unknown>;
}

/** `channel`, `locale` and the other keys of Markdown front matter (YAML, or TOML's `key = "value"` lines). */
function frontMatterSettings(path: string, content: string): Settings {
  const front = findFrontMatter(content);
  if (!front) return { channel: null, locale: null, meta: {} };
  const body = content.slice(front.contentStart, front.contentEnd);
  if (front.kind === "toml") {
    const meta: Record<string, unknown> = {};
    for (const m of body.matchAll(/^[ \t]*([A-Za-z_][\w-]*)[ \t]*=[ \t]*"((?:[^"\\\n]|\\.)*)"[ \t]*\r?$/gm)) {
      meta[m[1] ?? ""] = m[2] ?? "";
    }
    return split(meta);
  }
  const yaml = parseYamlFile(path, body);
  // Lines in the front matter are one below lines in the file: the opening `---` is line 1.
  const errors = yaml.diagnostics.filter((d) => d.level === "error");
  if (errors.length > 0) {
    const first = errors[0];
    const place = first && first.line > 0 ? `line ${first.line + 1}, column ${first.column}: ` : "";
    throw new InputError(path, `${place}front matter: ${first?.message ?? "invalid YAML"}${first?.fix ? ` (${first.fix})` : ""}`);
  }
  const value = yaml.value;
  if (value === null || value === undefined) return { channel: null, locale: null, meta: {} };
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InputError(path, 'line 2, column 1: front matter must be "key: value" lines (write channel: email, locale: en-US, ...)');
  }
  const settings = split(value as Record<string, unknown>);
  for (const key of ["channel", "locale"] as const) {
    const raw = (value as Record<string, unknown>)[key];
    if (raw !== undefined && raw !== null && typeof raw !== "string") {
      const at = yaml.positionOf([key]);
      throw new InputError(path, `line ${at.line + 1}, column ${at.column}: front matter ${key} must be text; found ${String(raw)} (put it in quotes)`);
    }
  }
  return settings;
}

function split(record: Record<string, unknown>): Settings {
  const { channel, locale, ...meta } = record;
  return {
    channel: typeof channel === "string" && channel !== "" ? channel : null,
    locale: typeof locale === "string" && locale !== "" ? locale : null,
    meta,
  };
}

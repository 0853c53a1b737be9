/** The asset formats the engine reads. */
export const ASSET_FORMATS = ["text", "markdown", "html", "json", "yaml"] as const;
export type AssetFormat = (typeof ASSET_FORMATS)[number];

const BY_EXTENSION: Record<string, AssetFormat> = {
  md: "markdown",
  markdown: "markdown",
  mdx: "markdown",
  html: "html",
  htm: "html",
  txt: "text",
  json: "json",
  yaml: "yaml",
  yml: "yaml",
};

/**
 * The format of a file from its extension (case-insensitive); any other extension is plain text.
 *
 * @example formatForPath("docs/Launch.MD") // "markdown"
 */
export function formatForPath(path: string): AssetFormat {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return (dot > 0 && BY_EXTENSION[name.slice(dot + 1).toLowerCase()]) || "text";
}

/**
 * The format of stdin when `--stdin-format` is not given: JSON when it starts with `{`, HTML when
 * it starts with a doctype or `<html>`, Markdown otherwise (plain text reads the same as Markdown).
 */
export function sniffFormat(content: string): AssetFormat {
  const start = content.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{")) return "json";
  if (/^<(!doctype\s+html|html[\s>])/i.test(start)) return "html";
  return "markdown";
}

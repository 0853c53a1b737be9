/**
 * A front matter block at the very start of a Markdown file: YAML between `---` lines (closed by
 * `---` or `...`) or TOML between `+++` lines. Offsets are into the file; `end` is just past the
 * closing line's line break.
 */
export interface FrontMatter {
  kind: "yaml" | "toml";
  /** First character of the block's content (the line after the opening fence). */
  contentStart: number;
  /** End of the content (the start of the closing fence line). */
  contentEnd: number;
  /** Just past the closing fence line, including its line break. */
  end: number;
}

const OPENING = /^\uFEFF?(---|\+\+\+)[ \t]*\r?\n/;
const YAML_CLOSING = /^(?:---|\.\.\.)[ \t]*\r?$/gm;
const TOML_CLOSING = /^\+\+\+[ \t]*\r?$/gm;

/**
 * Finds the front matter of a Markdown source, or null when the file does not start with one
 * (an opening `---` with no closing line is a thematic break, not front matter).
 *
 * @example
 * findFrontMatter("---\nchannel: email\n---\n# Hi\n") // { kind: "yaml", contentStart: 4, contentEnd: 19, end: 23 }
 */
export function findFrontMatter(source: string): FrontMatter | null {
  const opening = OPENING.exec(source);
  if (!opening) return null;
  const kind = opening[1] === "---" ? "yaml" : "toml";
  const closing = kind === "yaml" ? YAML_CLOSING : TOML_CLOSING;
  const contentStart = opening[0].length;
  closing.lastIndex = contentStart;
  const m = closing.exec(source);
  if (!m) return null;
  let end = m.index + m[0].length;
  if (source.charCodeAt(end) === 10) end++;
  return { kind, contentStart, contentEnd: m.index, end };
}

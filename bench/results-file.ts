import { existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * bench/RESULTS.md holds one section per benchmark between `<!-- begin:NAME -->` and
 * `<!-- end:NAME -->`; each benchmark rewrites only its own, so running one keeps the others' figures.
 *
 * @example
 * writeResultsSection("bench/RESULTS.md", "generate", "## Generation\n...");
 */
export function writeResultsSection(path: string, name: string, content: string): void {
  const begin = `<!-- begin:${name} -->`;
  const end = `<!-- end:${name} -->`;
  const block = `${begin}\n${content.trimEnd()}\n${end}`;
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  const next =
    from !== -1 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}${current.trim() === "" ? "" : "\n\n"}${block}\n`;
  writeFileSync(path, next);
}

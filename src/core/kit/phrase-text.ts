/**
 * How kit phrases are compared with each other and with matched text: runs of whitespace
 * (line breaks included) count as one space, as they do for the matcher.
 */
export function collapseWhitespace(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

/** The key two phrases share when they would match the same text: whitespace collapsed, lower case. */
export function phraseKey(text: string): string {
  return collapseWhitespace(text).toLowerCase();
}

/**
 * Fills a Vale message: each `%s` (also `%d`, `%v`, `%q`) takes the next argument, `%[2]s` takes
 * argument 2, `%%` is a percent sign. Extra arguments are ignored (Vale appends a swallowing verb);
 * a missing argument becomes empty text where Go would print `%!s(MISSING)`. Line breaks become
 * spaces, as Vale does before printing.
 *
 * @example
 * formatMessage("Use '%s' instead of '%s'.", "sign in", "login") // "Use 'sign in' instead of 'login'."
 * formatMessage("%d%% of readers", 40) // "40% of readers"
 */
export function formatMessage(message: string, ...args: ReadonlyArray<string | number>): string {
  let next = 0;
  const filled = message.replace(/%(?:\[(\d+)\])?([sdvq%])/g, (whole, index: string | undefined, verb: string) => {
    if (verb === "%") return index === undefined ? "%" : whole;
    let position: number;
    if (index !== undefined) {
      position = Number(index) - 1;
      next = position + 1;
    } else position = next++;
    const value = args[position];
    if (value === undefined) return "";
    return verb === "q" ? JSON.stringify(String(value)) : String(value);
  });
  return filled.replace(/\r?\n/g, " ");
}

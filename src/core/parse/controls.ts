import type { Control } from "../document/prose-document.ts";

// `onbrand off`, `vale on`, `onbrand Brand.Avoid = NO`, `vale Brand = YES` (a style-wide switch).
const CONTROL = /^\s*(?:onbrand|vale)\s+(?:(off|on)|([A-Za-z0-9_][\w.-]*)\s*=\s*(yes|no))\s*$/i;

/**
 * The control an HTML comment carries, if any. `body` is the text between `<!--` and `-->`.
 *
 * @example
 * controlFromComment(" onbrand Brand.Avoid = NO ", 120) // { offset: 120, on: false, rule: "Brand.Avoid" }
 * controlFromComment(" vale off ", 0)                  // { offset: 0, on: false }
 */
export function controlFromComment(body: string, offset: number): Control | null {
  const m = CONTROL.exec(body);
  if (!m) return null;
  if (m[1] !== undefined) return { offset, on: m[1].toLowerCase() === "on" };
  return { offset, on: (m[3] ?? "").toLowerCase() === "yes", rule: m[2] ?? "" };
}

/** Every control in the HTML comments that start in `source[start, end)`, at the offset of its `<!--`. */
export function controlsIn(source: string, start: number, end: number, out: (control: Control) => void): void {
  for (let open = source.indexOf("<!--", start); open !== -1 && open < end; ) {
    const close = source.indexOf("-->", open + 4);
    if (close === -1) return;
    const control = controlFromComment(source.slice(open + 4, close), open);
    if (control) out(control);
    open = source.indexOf("<!--", close + 3);
  }
}

/**
 * One error hierarchy for everything onbrand reports to a person. Every error says where
 * (file:line:column or field) and what to do next; the CLI maps them to exit code 2 and the
 * server (later) to HTTP statuses in one place.
 */

/** A problem found while loading a kit, a rule or an input, with its place and the fix. */
export interface Diagnostic {
  level: "error" | "warning";
  /** Workspace-relative path, or a label such as `<stdin>` or `--channel`. */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  column: number;
  message: string;
  /** What to write or do instead. */
  fix?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const place = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${place}: ${d.level}: ${d.message}${d.fix ? ` (${d.fix})` : ""}`;
}

export class OnbrandError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The kit (brand.yaml, rules, styles, onbrand.yaml) has errors; nothing was checked. */
export class KitError extends OnbrandError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.level === "error");
    super("kit_invalid", errors.map(formatDiagnostic).join("\n") || "the brand kit is invalid");
    this.diagnostics = diagnostics;
  }
}

/** An asset could not be read or parsed (binary, too large, malformed JSON/YAML). */
export class InputError extends OnbrandError {
  readonly file: string;
  constructor(file: string, message: string) {
    super("input_invalid", `${file}: ${message}`);
    this.file = file;
  }
}

/** The command line or an option value is wrong. */
export class UsageError extends OnbrandError {
  constructor(message: string) {
    super("usage", message);
  }
}

/**
 * A problem and its fix as one message, for a diagnostic, a brief problem or a target problem: the
 * fix after a semicolon, or after a space when the problem already ends a sentence or a question.
 *
 * @example withFix('unknown field "prodcut"; did you mean "product"?', 'rename it to "product"') // '… did you mean "product"? Rename it to "product"'
 */
export function withFix(message: string, fix: string | undefined): string {
  if (!fix) return message;
  return /[.?!]$/.test(message) ? `${message} ${fix.charAt(0).toUpperCase()}${fix.slice(1)}` : `${message}; ${fix}`;
}

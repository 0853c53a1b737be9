/** One `{{name}}` of an instructions template. */
export interface TemplateVariable {
  name: string;
  /** UTF-16 offset of its `{{` in the template. */
  index: number;
}

// Any name without spaces or braces, so a lint can report `{{ Product }}` or `{{offer-code}}`
// as a variable no input defines instead of leaving it unseen.
const VARIABLE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * Every `{{name}}` of a template (spaces inside the braces allowed), in order, repeats included.
 *
 * @example
 * templateVariables("Write about {{ product }} for {{audience}}.")
 * // [{ name: "product", index: 12 }, { name: "audience", index: 30 }]
 */
export function templateVariables(template: string): TemplateVariable[] {
  return [...template.matchAll(VARIABLE)].map((match) => ({ name: match[1] as string, index: match.index }));
}

/**
 * Renders a template: each `{{name}}` becomes `values[name]`, or `[name]` when `values` has none.
 * The prompt compiler passes no values, so the instructions say `[product]` and the brief's
 * value stays in the user message.
 *
 * @example
 * renderInstructions("Announce {{ product }} to {{audience}}.", { audience: "students" })
 * // "Announce [product] to students."
 */
export function renderInstructions(template: string, values: Readonly<Record<string, string>> = {}): string {
  return template.replace(VARIABLE, (_, name: string) => (Object.hasOwn(values, name) ? (values[name] as string) : `[${name}]`));
}

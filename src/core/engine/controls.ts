import type { Control } from "../document/prose-document.ts";

/**
 * Answers "is rule R switched off at offset X" from a document's in-document controls, as Vale's
 * `<!-- vale off -->` and `<!-- vale Rule = NO -->` work: a control applies from its offset to the
 * next control that turns the same thing back on. A rule control names a rule id or a prefix
 * (`Brand` switches off every `Brand.*` rule).
 */
export function isSwitchedOff(controls: readonly Control[], rule: string, offset: number): boolean {
  let allOff = false;
  let ruleOff = false;
  for (const control of controls) {
    if (control.offset > offset) break;
    if (control.rule === undefined) allOff = !control.on;
    else if (control.rule === rule || rule.startsWith(`${control.rule}.`)) ruleOff = !control.on;
  }
  return allOff || ruleOff;
}

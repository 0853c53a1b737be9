import { createRequire } from "node:module";
import { TextlintKernel, type TextlintKernelPlugin, type TextlintKernelRule, type TextlintResult } from "@textlint/kernel";

// The rule and the plugin are CommonJS without ESM typings: load them and give them their kernel types.
const require = createRequire(import.meta.url);
const prhModule = require("textlint-rule-prh") as TextlintKernelRule["rule"] | { default: TextlintKernelRule["rule"] };
const prhRule = "default" in prhModule ? prhModule.default : prhModule;
const markdownPlugin = (require("@textlint/textlint-plugin-markdown") as { default: TextlintKernelPlugin["plugin"] }).default;

/**
 * textlint with its Markdown plugin and textlint-rule-prh, driven through @textlint/kernel: the
 * engine the textlint CLI runs for each file, minus finding files and loading .textlintrc.
 * The rule is used as shipped (it parses its dictionary again for every file; with these kits that
 * is under a tenth of its time, the rest is matching).
 */
export function createPrhLinter(dictionary: string): (path: string, content: string) => Promise<TextlintResult> {
  const kernel = new TextlintKernel();
  const options = {
    ext: ".md",
    plugins: [{ pluginId: "markdown", plugin: markdownPlugin }],
    rules: [
      {
        ruleId: "prh",
        rule: prhRule,
        // onbrand checks emphasis, link text and quotes too; prh skips them unless told.
        options: { ruleContents: [dictionary], checkLink: true, checkBlockQuote: true, checkEmphasis: true },
      },
    ],
  };
  return (path, content) => kernel.lintText(content, { ...options, filePath: path });
}

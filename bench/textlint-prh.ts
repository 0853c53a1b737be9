import { createRequire } from "node:module";
import { TextlintKernel, type TextlintKernelPlugin, type TextlintKernelRule, type TextlintResult } from "@textlint/kernel";

/**
 * textlint with its Markdown plugin and textlint-rule-prh, driven through @textlint/kernel: the
 * engine the textlint CLI runs for each file, minus the file system and config lookup.
 */
export interface PrhLinter {
  lint(path: string, content: string): Promise<TextlintResult>;
  /** Undoes the dictionary cache, if one was installed. */
  close(): void;
}

export interface PrhLinterOptions {
  /**
   * textlint calls a rule's reporter once per file, and textlint-rule-prh parses its dictionary and
   * compiles every pattern there, for every file. `true` builds the dictionary once instead (by
   * memoising prh's `fromYAML`): the best case for textlint, which is what the ratios compare to.
   */
  cacheDictionary: boolean;
}

// The rule and the plugin are CommonJS without ESM typings; load them as their kernel types.
const require = createRequire(import.meta.url);
const prhRule = require("textlint-rule-prh") as TextlintKernelRule["rule"] | { default: TextlintKernelRule["rule"] };
const markdownPlugin = require("@textlint/textlint-plugin-markdown") as { default: TextlintKernelPlugin["plugin"] };
const prhModule = require("prh") as { fromYAML: (...args: unknown[]) => unknown };

export function createPrhLinter(dictionary: string, options: PrhLinterOptions): PrhLinter {
  const kernel = new TextlintKernel();
  const rule = "default" in prhRule ? prhRule.default : prhRule;
  const original = prhModule.fromYAML;
  if (options.cacheDictionary) {
    const built = new Map<unknown, unknown>();
    prhModule.fromYAML = (...args: unknown[]) => {
      const key = args[1];
      if (!built.has(key)) built.set(key, original(...args));
      return built.get(key);
    };
  }
  const lintOptions = {
    ext: ".md",
    plugins: [{ pluginId: "markdown", plugin: markdownPlugin.default }],
    rules: [
      {
        ruleId: "prh",
        rule,
        // onbrand checks emphasis, links' text and quotes too; prh skips them unless told.
        options: { ruleContents: [dictionary], checkLink: true, checkBlockQuote: true, checkEmphasis: true },
      },
    ],
  };
  return {
    lint: (path, content) => kernel.lintText(content, { ...lintOptions, filePath: path }),
    close: () => {
      prhModule.fromYAML = original;
    },
  };
}

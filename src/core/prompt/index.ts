/** The prompt compiler: a kit, a use case, a brief and a target in; paste-ready chat messages out. */
export { compilePrompt, type CompiledPrompt, type PromptSection, promptText } from "./compile-prompt.ts";
export { renderInstructions, type TemplateVariable, templateVariables } from "./instructions-template.ts";
export { describeLimit, outputFieldLines, outputShape } from "./output-contract.ts";

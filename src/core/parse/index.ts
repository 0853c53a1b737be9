/** Every input format becomes ProseDocuments with exact source positions (docs/formats.md). */
export { detectFormat, FORMATS, type Format, isFormat, type ParsedAsset, parseAsset } from "./asset.ts";
export { controlFromComment } from "./controls.ts";
export { documentProblems } from "./document-invariants.ts";
export { findFrontMatter, type FrontMatter } from "./front-matter.ts";
export { parseHtml } from "./html.ts";
export { parseMarkdown } from "./markdown.ts";
export {
  type FieldValue,
  FieldValueSchema,
  parseStructured,
  type StructuredAsset,
  structuredAsset,
  StructuredAssetSchema,
  type StructuredAssetValue,
} from "./structured.ts";

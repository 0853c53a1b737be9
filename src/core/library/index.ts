/** The use-case library: use case files, briefs, targets and output fields. */
export { type Brief, type Library, type Target, type UseCase } from "./library.ts";
export { loadLibrary } from "./load-library.ts";
export { expectedValue, type FieldProblem, MAX_BRIEF_VALUE_CHARS, validateBrief } from "./brief.ts";
export { resolveTarget, type TargetKit, type TargetRequest } from "./target.ts";
export { countRange, leafFields, type ResolvedField, resolveOutputFields } from "./output-fields.ts";
export {
  type BriefInput,
  EXPECT_PASS,
  INPUT_TYPES,
  type InputSpec,
  type InputType,
  inputType,
  type Output,
  type OutputFieldSpec,
  type OutputValue,
  TARGET_VARIABLES,
  type UseCaseExample,
  type UseCaseInput,
  UseCaseSchema,
  type UseCaseSpec,
  type UseCaseTest,
  useCaseJsonSchema,
} from "./usecase-schema.ts";
export { checkOutput, type CheckOutputOptions, OUTPUT_RULES, type OutputCheck, outputJsonSchema } from "./check-output.ts";
export {
  type LibraryTestOptions,
  type LibraryTestRun,
  LINT_CODES,
  type LintCode,
  type LintWarning,
  MIN_KIT_EXAMPLES,
  runLibraryTests,
  type TestCaseResult,
} from "./library-tests.ts";

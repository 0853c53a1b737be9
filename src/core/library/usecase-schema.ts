import { z } from "zod";
import { COUNTINGS } from "../channels/counting.ts";
import { UseCaseGenerateSchema } from "../kit/provider-schema.ts";

/**
 * A use case (`brand/usecases/<id>.yaml`): one library entry for one asset type, as a zod schema.
 * It is the single source of truth for the file's shape; the TypeScript types and the JSON
 * Schema (`onbrand schema usecase`) derive from it. Objects are strict so a misspelt key is an
 * error, not a silently ignored part of the scaffold.
 */

/** Names used as `{{name}}` in instructions and as keys of a brief and of an output. */
const NAME = /^[a-z][a-z0-9_]*$/;
const Name = z.string().regex(NAME, "a snake_case name such as key_message");
const NonBlank = z.string().refine((s) => s.trim().length > 0, "some text");

/** The target's parts; instructions may use them as variables, so no input may take their names. */
export const TARGET_VARIABLES = ["audience", "region", "channel"] as const;

export const INPUT_TYPES = ["text", "number", "boolean", "list", "enum"] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export const InputSchema = z
  .strictObject({
    name: Name.describe("The brief field's name; instructions use it as {{name}}."),
    type: z
      .enum(INPUT_TYPES)
      .optional()
      .describe("text (default), number, boolean, list (of texts) or enum (one of `enum`; implied when `enum` is given)."),
    required: z.boolean().default(false).describe("Whether a brief must give this field (default false)."),
    description: z.string().optional().describe("What to write in the field: shown in errors, the studio and `onbrand prompt --help`."),
    enum: z.array(NonBlank).min(1).optional().describe("The allowed values (type enum)."),
    default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional().describe("Value used when the brief leaves the field out."),
    max_chars: z.int().positive().optional().describe("Longest text the field may hold (text, list items)."),
  })
  .describe("One field of the brief a creator fills in.");

export const OutputLimitKeys = {
  max_chars: z.int().positive().optional().describe("Most characters (counted as `counting` says); overrides the channel's limit."),
  max_words: z.int().positive().optional().describe("Most words; overrides the channel's limit."),
  counting: z.enum(COUNTINGS).optional().describe("How characters are counted (default: the channel's, else graphemes)."),
  max_segments: z.int().positive().optional().describe("Most SMS segments (with counting: sms)."),
};

const CountSchema = z.union([
  z.int().positive().describe("Exactly this many items."),
  z
    .strictObject({
      min: z.int().nonnegative().default(1).describe("Fewest items (default 1)."),
      max: z.int().positive().describe("Most items."),
    })
    .describe("Between min and max items."),
]);

export interface OutputFieldInput {
  name: string;
  description?: string | undefined;
  type?: "text" | "number" | undefined;
  count?: number | { min?: number | undefined; max: number } | undefined;
  required?: boolean | undefined;
  max_chars?: number | undefined;
  max_words?: number | undefined;
  counting?: (typeof COUNTINGS)[number] | undefined;
  max_segments?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
  fields?: OutputFieldInput[] | undefined;
}

/** An output field with defaults filled in: `required` set and a count range's `min` given. */
export interface OutputFieldSpec extends Omit<OutputFieldInput, "required" | "count" | "fields"> {
  required: boolean;
  count?: number | { min: number; max: number } | undefined;
  fields?: OutputFieldSpec[] | undefined;
}

export const OutputFieldSchema: z.ZodType<OutputFieldSpec, OutputFieldInput> = z.lazy(() =>
  z
    .strictObject({
      name: Name.describe("The field's key in the output (subject, headlines, scenes); matched to the channel's field of that name for limits."),
      description: z.string().optional().describe("What the field holds; goes into the prompt's output schema."),
      type: z.enum(["text", "number"]).optional().describe("text (default) or number (a duration, a price); ignored when `fields` is given."),
      count: CountSchema.optional().describe("How many: 15 (exactly) or {min: 3, max: 15}; the output holds a list. Absent: one value."),
      required: z.boolean().default(true).describe("Whether every output must have the field (default true)."),
      ...OutputLimitKeys,
      min: z.number().optional().describe("Smallest value of a number field."),
      max: z.number().optional().describe("Largest value of a number field."),
      fields: z
        .array(OutputFieldSchema)
        .min(1)
        .optional()
        .describe("Sub-fields of a group (a storyboard's scenes: visual_prompt, on_screen_text, duration_seconds)."),
    })
    .describe("One field of the output: text, a number, or a group of sub-fields; one value or a list."),
);

/** A brief as written in a file: field name to value. */
const BriefValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export const BriefInputSchema = z.record(z.string(), BriefValueSchema).describe("Brief field name to value.");
export type BriefInput = z.infer<typeof BriefInputSchema>;

/** An output as written in a file: field name to text, number, list or group. */
export type OutputValue = string | number | OutputValue[] | { [key: string]: OutputValue };
const OutputValueSchema: z.ZodType<OutputValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.array(OutputValueSchema), z.record(z.string(), OutputValueSchema)]),
);
export const OutputSchema = z.record(z.string(), OutputValueSchema).describe("Output field name to value.");
export type Output = z.infer<typeof OutputSchema>;

const TargetKeys = {
  channel: z.string().min(1).optional().describe("Channel to check against (default: the use case's first channel)."),
  audience: z.string().min(1).optional().describe("Audience id (default none)."),
  region: z.string().min(1).optional().describe("Region id (default none); its locale is the output's locale."),
};

const ExampleSchema = z
  .strictObject({
    brief: BriefInputSchema.default({}).describe("The brief the example answers."),
    output: OutputSchema.describe("The good output, field by field."),
    why: z.string().optional().describe("Why it is good; shown in the prompt."),
    ...TargetKeys,
  })
  .describe("A good output: shown to the model in the prompt and checked by `onbrand test` (it must pass).");

export const EXPECT_PASS = "pass";

const TestSchema = z
  .strictObject({
    name: NonBlank.optional().describe("What the test shows; the test runner prints it (default: tests[i])."),
    brief: BriefInputSchema.default({}).describe("The brief; validated against `inputs`."),
    output: OutputSchema.describe("An output, field by field, as a model might write it."),
    expect: z
      .union([z.literal(EXPECT_PASS), z.array(z.string().min(1)).min(1)])
      .describe("pass (no error-level finding), or the rule ids the output must raise (an id or an id prefix such as Brand.Claims)."),
    ...TargetKeys,
  })
  .describe("One test of the scaffold: a brief, an output and what `onbrand test` must find.");

const VariantsSchema = z
  .strictObject({
    audiences: z.array(NonBlank).default([]).describe("Audience ids to generate for by default."),
    regions: z.array(NonBlank).default([]).describe("Region ids to generate for by default."),
    channels: z.array(NonBlank).default([]).describe("Channel ids to generate for by default (default: `channels`)."),
  })
  .describe("The default targets: generation makes one variant per audience x region x channel.");

export const UseCaseSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_-]*$/, "an id of lower-case letters, digits, - and _ such as social-post")
      .optional()
      .describe("The use case's id; the file name without .yaml when absent, and must equal it when given."),
    name: NonBlank.describe("The use case as people call it ('Promotional email')."),
    description: z.string().optional().describe("What the use case is for and when to pick it."),
    owner: NonBlank.optional().describe("The champion who maintains it (name or email); `onbrand test` warns when absent."),
    asset_type: NonBlank.describe("The kind of asset (email, social-post, search-ad, storyboard, ...)."),
    channels: z.array(NonBlank).default([]).describe("Channels the output runs on; their field limits apply unless a field overrides them."),
    visual: z.boolean().default(false).describe("Put the kit's visual rules (palette, logo) in the prompt: for image and video briefs."),
    inputs: z.array(InputSchema).default([]).describe("The brief's fields."),
    output: z
      .strictObject({ fields: z.array(OutputFieldSchema).min(1).describe("The fields of the output, in order.") })
      .describe("What the model returns."),
    instructions: NonBlank.describe("The task, as a template: {{name}} is a brief field or audience, region, channel."),
    examples: z.array(ExampleSchema).default([]).describe("Good outputs, shown in the prompt."),
    tests: z.array(TestSchema).default([]).describe("Tests `onbrand test` runs."),
    variants: VariantsSchema.prefault({}),
    generate: UseCaseGenerateSchema.optional(),
  })
  .describe("An onbrand use case (brand/usecases/<id>.yaml): a tested prompt scaffold for one asset type.");

export type UseCaseSpec = z.infer<typeof UseCaseSchema>;
export type UseCaseInput = z.input<typeof UseCaseSchema>;
export type InputSpec = z.infer<typeof InputSchema>;
export type UseCaseExample = z.infer<typeof ExampleSchema>;
export type UseCaseTest = z.infer<typeof TestSchema>;

/** The type of an input: `enum` when it lists values, else its `type`, else text. */
export function inputType(input: InputSpec): InputType {
  return input.type ?? (input.enum ? "enum" : "text");
}

/**
 * The JSON Schema of a use case file, for editors and `onbrand schema usecase`.
 *
 * @example JSON.stringify(useCaseJsonSchema(), null, 2)
 */
export function useCaseJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(UseCaseSchema, { io: "input", unrepresentable: "any" });
}

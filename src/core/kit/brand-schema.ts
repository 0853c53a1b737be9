import { z } from "zod";
import type { Level } from "../findings.ts";
import type { ChannelSpec } from "../channels/channel-spec.ts";
import { COUNTINGS } from "../channels/counting.ts";
import { tokenize } from "../match/tokenize.ts";

/**
 * The brand kit file (`brand/brand.yaml`) as a zod schema: the single source of truth for its
 * shape. The TypeScript type `Brand` and the JSON Schema (`onbrand schema brand`, editor
 * completion) are derived from it. Every object is strict, so a misspelt key is an error rather
 * than a silently ignored rule.
 */

// Most severe first: the order error messages list them in.
const LevelSchema = z.enum(["error", "warning", "suggestion"]) satisfies z.ZodType<Level>;

/** Text the matcher can find: at least one word, number or punctuation mark. */
const PhraseSchema = z
  .string()
  .refine((s) => tokenize(s).length > 0, "a phrase with at least one word");

const NonBlank = z.string().refine((s) => s.trim().length > 0, "some text");

/** Claim and disclaimer ids become part of a rule id (`Brand.Claims.<id>`), so no dots or spaces. */
const RuleIdPart = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "an id of letters, digits, '-' and '_' such as health-claims");

const LocaleSchema = z.string().refine((s) => {
  try {
    return Intl.getCanonicalLocales(s).length === 1;
  } catch {
    return false;
  }
}, "a BCP 47 language tag such as en, en-GB or pt-BR");

export const FieldLimitSchema = z
  .strictObject({
    max_chars: z.int().positive().optional().describe("Most characters the field may have, counted as `counting` says."),
    max_words: z.int().positive().optional().describe("Most words the field may have."),
    counting: z
      .enum(COUNTINGS)
      .optional()
      .describe(
        "How characters are counted (default graphemes): graphemes (what a reader sees as one character), code-points, utf16, " +
          "twitter (X's weighted count), sms (GSM-7 / UCS-2 segments) or double-width (East Asian wide characters count 2).",
      ),
    max_segments: z.int().positive().optional().describe("Most SMS segments the field may take (with counting: sms)."),
    level: LevelSchema.optional().describe("Level of a finding when the field is over its limit (default error)."),
    label: z.string().min(1).optional().describe("The field as messages name it ('headline'); the field id when absent."),
  })
  .describe("Limits for one field of a channel. For a built-in channel, the keys given replace the default's.");

export const ChannelSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe("The channel as messages name it ('Google RSA'); the id when absent."),
    fields: z
      .record(z.string().min(1), FieldLimitSchema)
      .describe("Field name (headline, body, cta, ...) to its limits."),
  })
  .describe("One channel (a placement such as an email, a push notification or an SMS) and its field limits.");

const VoiceSchema = z
  .strictObject({
    summary: z.string().optional().describe("The brand voice in a few sentences; opens every compiled prompt."),
    traits: z.array(NonBlank).default([]).describe("Short adjectives or phrases: 'warm', 'playful, never silly'."),
    do: z.array(NonBlank).default([]).describe("Things the copy should do."),
    dont: z.array(NonBlank).default([]).describe("Things the copy must not do."),
  })
  .describe("How the brand sounds. Used by the prompt compiler, not by the checks.");

const CompliantExampleSchema = z
  .strictObject({
    text: NonBlank.describe("The copy, as published."),
    why: NonBlank.describe("Why it is on brand."),
  })
  .describe("Copy that is on brand.");

const NoncompliantExampleSchema = z
  .strictObject({
    text: NonBlank.describe("The copy that is off brand."),
    why: NonBlank.describe("Why it is off brand."),
    expect: z
      .array(z.string().min(1))
      .default([])
      .describe("Rule ids the text must trigger (Brand.Claims.health, ...). Empty: any finding will do."),
  })
  .describe("Copy that is off brand, with the reason and the rules that must catch it.");

const ExamplesSchema = z
  .strictObject({
    compliant: z.array(CompliantExampleSchema).default([]).describe("On-brand copy with the reason."),
    noncompliant: z.array(NoncompliantExampleSchema).default([]).describe("Off-brand copy with the reason."),
  })
  .describe("Worked examples: shown to the model in prompts and run as tests of the kit.");

export const AvoidItemSchema = z
  .strictObject({
    term: PhraseSchema.describe("The word or phrase to avoid; inflections are matched too."),
    level: LevelSchema.optional().describe("Level of a finding (default warning)."),
    message: z.string().min(1).optional().describe("Message of a finding; `%s` is replaced by the matched text."),
  })
  .describe("A word or phrase the copy should not use.");

const TermsSchema = z
  .strictObject({
    brand_names: z
      .array(PhraseSchema)
      .default([])
      .describe("Names written exactly this way (product and company names). Other spellings are errors."),
    prefer: z
      .record(PhraseSchema, PhraseSchema)
      .default({})
      .describe("Wrong term to the right one: `e-mail: email`. Matched case-insensitively, without inflections."),
    avoid: z
      .array(z.union([PhraseSchema, AvoidItemSchema]))
      .default([])
      .describe("Words or phrases to avoid: plain terms, or {term, level, message}."),
  })
  .describe("Terminology: brand names, preferred terms and words to avoid.");

export const ClaimSchema = z
  .strictObject({
    id: RuleIdPart.describe("Id of the claim; the rule is Brand.Claims.<id>."),
    level: LevelSchema.describe("Level of a finding."),
    message: NonBlank.describe("Message of a finding; `%s` is replaced by the matched text."),
    phrases: z.array(PhraseSchema).min(1).describe("Phrases that make the claim; inflections are matched too."),
    allow_with_evidence: z
      .boolean()
      .default(false)
      .describe("Allow the claim in a sentence that carries an evidence marker: [1], [^1], ¹, †, ‡ or a trailing *."),
  })
  .describe("A claim the copy must not make (health, environmental, comparative, ...).");

export const DisclaimerSchema = z
  .strictObject({
    id: RuleIdPart.describe("Id of the disclaimer; the rule is Brand.Disclaimers.<id>."),
    when: z.array(PhraseSchema).min(1).describe("Phrases that make the disclaimer necessary; inflections are matched too."),
    require: NonBlank.describe("The disclaimer text that must appear somewhere in the asset."),
    level: LevelSchema.optional().describe("Level of a finding (default warning)."),
  })
  .describe("Text that must accompany certain phrases.");

const HexColour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, "a hex colour #RRGGBB such as #E4002B");

const LogoSchema = z
  .strictObject({
    file: z.string().min(1).optional().describe("Path of the logo file, relative to the kit folder."),
    description: z.string().optional().describe("What the logo looks like, for prompts."),
    min_width_px: z.int().positive().optional().describe("Smallest width the logo may be shown at, in pixels."),
    clear_space: z.string().optional().describe("Space to keep free around the logo, e.g. 'the height of the F'."),
    do: z.array(NonBlank).default([]).describe("How the logo should be used."),
    dont: z.array(NonBlank).default([]).describe("How the logo must never be used."),
  })
  .describe("The logo and how to use it.");

const VisualSchema = z
  .strictObject({
    palette: z
      .array(
        z.strictObject({
          name: NonBlank.describe("Colour name, e.g. 'Fizz Red'."),
          hex: HexColour.describe("The colour as #RRGGBB."),
        }),
      )
      .default([])
      .describe("Brand colours."),
    logo: LogoSchema.optional(),
  })
  .describe("Visual rules: palette and logo. Used in prompts for image and video briefs.");

const CharacterSchema = z
  .strictObject({
    name: NonBlank.describe("The character's name."),
    description: z.string().optional().describe("Who the character is, for prompts."),
    must: z.array(NonBlank).default([]).describe("What the character always is or does."),
    never: z.array(NonBlank).default([]).describe("What the character never is or does."),
  })
  .describe("A mascot or recurring character.");

const AudienceSchema = z
  .strictObject({
    id: RuleIdPart.describe("Id used by use cases, briefs and `--audience` (students, new-parents)."),
    name: NonBlank.optional().describe("The audience as people call it; the id when absent."),
    description: z.string().optional().describe("Who they are and what they care about; goes into the variable part of a prompt."),
  })
  .describe("An audience that variants are written for.");

const RegionSchema = z
  .strictObject({
    id: RuleIdPart.describe("Id used by use cases, briefs and `--region` (us, uk, de)."),
    name: NonBlank.optional().describe("The region as people call it; the id when absent."),
    locale: LocaleSchema.optional().describe("Language of copy for the region (BCP 47); the kit's locale when absent."),
    notes: z.string().optional().describe("Local conventions (currency, date format, spelling, holidays); goes into the prompt."),
  })
  .describe("A region or market that variants are written for.");

export const BrandSchema = z
  .strictObject({
    name: NonBlank.optional().describe("The brand's name, as written."),
    locale: LocaleSchema.optional().describe("Language of the copy, as a BCP 47 tag (en, en-GB, de-DE)."),
    voice: VoiceSchema.prefault({}),
    examples: ExamplesSchema.prefault({}),
    terms: TermsSchema.prefault({}),
    claims: z.array(ClaimSchema).default([]).describe("Claims the copy must not make; each is rule Brand.Claims.<id>."),
    disclaimers: z
      .array(DisclaimerSchema)
      .default([])
      .describe("Disclaimers some phrases require; each is rule Brand.Disclaimers.<id>."),
    channels: z
      .record(z.string().min(1), ChannelSchema)
      .default({})
      .describe("Channel id (email, push, sms, or one of your own) to its field limits; merged over the built-in channels."),
    visual: VisualSchema.prefault({}),
    characters: z.array(CharacterSchema).default([]).describe("Mascots and recurring characters."),
    audiences: z.array(AudienceSchema).default([]).describe("Audiences variants are written for; use cases and briefs name them by id."),
    regions: z.array(RegionSchema).default([]).describe("Regions or markets variants are written for; use cases and briefs name them by id."),
  })
  .describe("An onbrand brand kit (brand/brand.yaml).");

export type Brand = z.infer<typeof BrandSchema>;
/** A brand kit as written, before defaults are filled in. */
export type BrandInput = z.input<typeof BrandSchema>;
export type Claim = z.infer<typeof ClaimSchema>;
export type Disclaimer = z.infer<typeof DisclaimerSchema>;
export type AvoidItem = z.infer<typeof AvoidItemSchema>;
export type Audience = z.infer<typeof AudienceSchema>;
export type Region = z.infer<typeof RegionSchema>;

// The channel rules read brand.channels as ChannelSpecs; this line fails to compile if they drift apart.
const _channelsFit: (channel: z.infer<typeof ChannelSchema>) => ChannelSpec = (channel) => channel;

/**
 * The JSON Schema of brand.yaml, for editors: put
 * `# yaml-language-server: $schema=<path to brand.schema.json>` at the top of the file.
 *
 * @example
 * JSON.stringify(brandJsonSchema(), null, 2)
 */
export function brandJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(BrandSchema, { io: "input", unrepresentable: "any" });
}

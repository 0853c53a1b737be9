import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";

/** The tokenizer the counts come from: OpenAI's o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series). */
export const TOKENIZER = "o200k_base";

// Text that spells a special token ("<|endoftext|>" pasted into a brief) is counted as the plain
// text it is; the library would otherwise throw on it.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Counts tokens offline with the o200k_base encoding. Other providers' tokenizers differ by a few
 * percent (Anthropic's counts run higher), so treat the number as an estimate outside OpenAI.
 *
 * @example countTokens("Zero sugar, all the sparkle.") // 7
 */
export function countTokens(text: string): number {
  return countO200k(text, AS_TEXT);
}

/**
 * SMS length as carriers bill it (3GPP TS 23.038 / 23.040). A message is sent in the GSM 7-bit
 * default alphabet when every character is in it: 160 septets fit in one SMS, and a longer
 * message is split into parts of 153 (7 septets go to the concatenation header). Characters of
 * the extension table (€ ^ { } [ ] ~ \ | and form feed) take an escape septet, so they count 2.
 * One character outside the alphabet (an emoji, a curly quote, "ç") switches the whole message
 * to UCS-2: 70 UTF-16 code units fit in one SMS, 67 per part, and an astral character is 2.
 */

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** Parts the message is sent as; 0 for an empty message. */
  segments: number;
  /** Units one part holds: 160/70 for a single SMS, 153/67 for each part of a longer one. */
  perSegment: number;
  /** The first character that forced UCS-2, with its UTF-16 offset; null for GSM-7. */
  nonGsm: { char: string; offset: number } | null;
}

/** Units one SMS holds, and each part of a concatenated SMS holds, per encoding. */
export const SMS_CAPACITY: Readonly<Record<SmsEncoding, { single: number; multi: number }>> = {
  "GSM-7": { single: 160, multi: 153 },
  "UCS-2": { single: 70, multi: 67 },
};

// The GSM 03.38 default alphabet, in table order (0x1B, the escape, is left out).
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
// The extension table: each is sent as escape + character, two septets.
const GSM_EXTENSION = new Set("\f^{}\\[]~|€");

/** One character of an SMS with the units it takes. Offsets are UTF-16, end exclusive. */
export interface SmsUnit {
  start: number;
  end: number;
  weight: number;
}

/** The characters of `text` with their SMS weights, and the encoding the message needs. */
export function smsUnits(text: string): { encoding: SmsEncoding; units: SmsUnit[]; nonGsm: SmsCount["nonGsm"] } {
  const units: SmsUnit[] = [];
  let nonGsm: SmsCount["nonGsm"] = null;
  let offset = 0;
  for (const char of text) {
    const end = offset + char.length;
    if (GSM_BASIC.has(char)) units.push({ start: offset, end, weight: 1 });
    else if (GSM_EXTENSION.has(char)) units.push({ start: offset, end, weight: 2 });
    else {
      nonGsm ??= { char, offset };
      units.push({ start: offset, end, weight: 0 });
    }
    offset = end;
  }
  if (nonGsm === null) return { encoding: "GSM-7", units, nonGsm };
  // UCS-2 is UTF-16 here: what phones send for astral characters is a surrogate pair.
  for (const unit of units) unit.weight = unit.end - unit.start;
  return { encoding: "UCS-2", units, nonGsm };
}

/**
 * How many SMS parts `text` is sent as, in which encoding.
 *
 * @example
 * smsSegments("Hi €5 off") // { encoding: "GSM-7", units: 10, segments: 1, perSegment: 160, nonGsm: null }
 * smsSegments("Hi 👋")     // { encoding: "UCS-2", units: 5, segments: 1, perSegment: 70, nonGsm: { char: "👋", offset: 3 } }
 */
export function smsSegments(text: string): SmsCount {
  const { encoding, units, nonGsm } = smsUnits(text);
  const total = units.reduce((sum, u) => sum + u.weight, 0);
  const capacity = SMS_CAPACITY[encoding];
  const segments = total === 0 ? 0 : total <= capacity.single ? 1 : packParts(units, capacity.multi).length;
  return { encoding, units: total, segments, perSegment: segments > 1 ? capacity.multi : capacity.single, nonGsm };
}

/**
 * UTF-16 offset of the first character that does not fit in `maxSegments` SMS parts, or null
 * when the whole text fits.
 */
export function smsOverflowOffset(text: string, maxSegments: number): number | null {
  const { encoding, units } = smsUnits(text);
  const capacity = SMS_CAPACITY[encoding];
  if (maxSegments < 1) return units.length > 0 ? 0 : null;
  const total = units.reduce((sum, u) => sum + u.weight, 0);
  if (total <= capacity.single) return null;
  if (maxSegments === 1) {
    let used = 0;
    for (const unit of units) {
      used += unit.weight;
      if (used > capacity.single) return unit.start;
    }
    return null;
  }
  const parts = packParts(units, capacity.multi);
  return parts.length > maxSegments ? (parts[maxSegments] as number) : null;
}

/**
 * Splits units into parts of at most `size`, never splitting a character: an escape pair or a
 * surrogate pair that would straddle two parts moves whole to the next one (as phones do).
 * Returns the index into the text where each part starts.
 */
function packParts(units: readonly SmsUnit[], size: number): number[] {
  const starts: number[] = [];
  let used = size;
  for (const unit of units) {
    if (used + unit.weight > size) {
      starts.push(unit.start);
      used = 0;
    }
    used += unit.weight;
  }
  return starts;
}

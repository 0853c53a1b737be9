/**
 * X (Twitter) post length, following twitter-text's weighted-length configuration v3: the text is
 * NFC-normalized; every URL counts 23 (it is sent as a t.co link); every emoji counts 2, however
 * many code points it is made of; other code points weigh 1 in the ranges below (Latin, Greek,
 * Cyrillic, Hebrew, Arabic, Indic, Thai, Georgian, ... and some punctuation) and 2 elsewhere
 * (CJK, Hangul, most symbols). The limit is 280.
 */
export const TWITTER_CONFIG = {
  maxWeightedLength: 280,
  scale: 100,
  defaultWeight: 200,
  transformedUrlLength: 23,
  ranges: [
    { start: 0, end: 4351, weight: 100 },
    { start: 8192, end: 8205, weight: 100 },
    { start: 8208, end: 8223, weight: 100 },
    { start: 8242, end: 8247, weight: 100 },
  ],
} as const;

/** A stretch of the original text and its weight in X characters. Offsets are UTF-16. */
export interface WeightedUnit {
  start: number;
  end: number;
  weight: number;
}

/**
 * The weighted length X shows in its composer.
 *
 * @example
 * twitterWeightedLength("日本")                           // 4
 * twitterWeightedLength("Read https://example.com/a-long-path") // 28
 */
export function twitterWeightedLength(text: string): number {
  let total = 0;
  for (const unit of twitterUnits(text)) total += unit.weight;
  return total;
}

/**
 * The text split into what X weighs: each URL, then each grapheme cluster elsewhere (an emoji
 * is one cluster). Offsets refer to `text` as given, before normalization.
 */
export function twitterUnits(text: string): WeightedUnit[] {
  const units: WeightedUnit[] = [];
  let at = 0;
  const addProse = (end: number): void => {
    for (const { segment, index } of graphemes().segment(text.slice(at, end))) {
      units.push({ start: at + index, end: at + index + segment.length, weight: clusterWeight(segment) });
    }
  };
  for (const url of findUrls(text)) {
    addProse(url.start);
    units.push({ start: url.start, end: url.end, weight: TWITTER_CONFIG.transformedUrlLength });
    at = url.end;
  }
  addProse(text.length);
  return units;
}

let graphemeSegmenter: Intl.Segmenter | undefined;
function graphemes(): Intl.Segmenter {
  return (graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" }));
}

// Keycaps are matched with or without U+FE0F, as twitter-text does; the `v` flag gives
// `\p{RGI_Emoji}` (every recommended emoji sequence, longest first). Built from a string
// because the compile target predates the flag.
// Built on first use: compiling it costs more than a whole one-file check's matching.
let emoji: RegExp | undefined;
const emojiPattern = (): RegExp => (emoji ??= new RegExp(String.raw`[#*0-9]\uFE0F?\u20E3|\p{RGI_Emoji}`, "gv"));

/** Weight of one grapheme cluster in X characters (NFC composition stays inside a cluster). */
function clusterWeight(cluster: string): number {
  const normalized = cluster.normalize("NFC");
  const first = normalized.codePointAt(0) as number;
  // A lone code point weighs the same whether or not it is an emoji.
  if (normalized.length === String.fromCodePoint(first).length) return codePointWeight(first) / TWITTER_CONFIG.scale;
  let weight = 0;
  const rest = normalized.replace(emojiPattern(), () => {
    weight += TWITTER_CONFIG.defaultWeight;
    return "";
  });
  for (const char of rest) weight += codePointWeight(char.codePointAt(0) as number);
  return weight / TWITTER_CONFIG.scale;
}

function codePointWeight(codePoint: number): number {
  for (const range of TWITTER_CONFIG.ranges) {
    if (codePoint >= range.start && codePoint <= range.end) return range.weight;
  }
  return TWITTER_CONFIG.defaultWeight;
}

export interface UrlSpan {
  start: number;
  end: number;
}

// Two-letter country-code TLDs (IANA root zone).
const CCTLDS = (
  "ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs " +
    "bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh " +
    "er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht " +
    "hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt " +
    "lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no " +
    "np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj " +
    "sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tp tr tt tv tw tz ua ug uk um " +
    "us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"
).split(" ");
// Generic TLDs recognised without `https://`: the original ones and the ones marketing copy
// uses most. With `https://` any alphabetic TLD is accepted.
const GTLDS = (
  "com net org info biz edu gov mil int name pro mobi aero asia cat coop jobs museum tel travel " +
    "app dev page blog shop store online site website xyz tech club news live life world today space " +
    "digital email link click design studio agency media group company solutions services global " +
    "art fun top vip win bio eco green health care clinic fitness beauty fashion style food cafe bar " +
    "beer wine coffee pizza restaurant kitchen tours holiday hotel city london nyc paris berlin tokyo " +
    "amsterdam events show video music game games deals sale buy market network cloud " +
    "guide academy school education energy finance money bank insurance law legal expert help support " +
    "love family kids pet pets garden home house photo photos gallery social team works zone"
).split(" ");

// A domain character for twitter-text: anything but ASCII punctuation, white space, control and
// format characters (which include the directional marks) and the non-characters.
const DC = String.raw`[^!-\/:-@\[-\x60{-~\p{White_Space}\p{Cc}\p{Cf}\uFFFE\uFFFF]`;
// Latin letters with accents count as ASCII for bare domains ("elpaís.com"), as in twitter-text.
const AC = String.raw`[a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff]`;
const knownTlds = (): string => [...CCTLDS, ...GTLDS].sort((a, b) => b.length - a.length).join("|");
// Underscores are allowed in subdomains, not in the label before the TLD.
const domain = (c: string): string => String.raw`(?:${c}(?:(?:${c}|[_-])*${c})?\.)*${c}(?:(?:${c}|-)*${c})?\.`;
// The lookbehinds keep a URL from starting inside a word (which also keeps the scan linear on
// long runs of letters); a bare domain must not follow an accented letter, "-", "_", "." or "/". With a
// scheme any TLD is taken (a brand's new gTLD is a link on X); without one it must be known.
let urlHead: RegExp | undefined;
const urlHeadPattern = (): RegExp =>
  (urlHead ??= new RegExp(
    String.raw`(?<![A-Za-z0-9@＠$#＃])(?:https?:\/\/(?<host>${domain(DC)}(?:${knownTlds()}|xn--[0-9a-z-]+|[a-z]{2,63}|\p{L}{2,}))` +
      String.raw`|(?<![-_./]|${AC})${domain(AC)}(?:${knownTlds()}|xn--[0-9a-z-]+))(?![0-9a-z@+-])`,
    "giu",
  ));

const PATH_CHAR = /[\p{Script=Latin}\p{Script=Cyrillic}\p{M}0-9!*';:=+,.$/%#[\]\-\u2013_~@|&]/u;
const PATH_END = /[+\-\p{Script=Latin}\p{Script=Cyrillic}\p{M}0-9=_#/]/u;
const QUERY_CHAR = /[a-z0-9!?*'@();:&=+$/%#[\]\-_.,~|]/i;
const QUERY_END = /[a-z0-9\-_&=#/]/i;

/**
 * URLs as twitter-text extracts them: with `http(s)://`, or a bare domain with a known TLD
 * ("example.com/offer"), not after a letter, digit, @, $ or #; the path ends on a letter, digit,
 * `/`, `=`, `_`, `#`, `+`, `-` or a balanced `)`, so trailing punctuation stays prose.
 */
export function findUrls(text: string): UrlSpan[] {
  if (!text.includes(".")) return [];
  const urls: UrlSpan[] = [];
  const head = urlHeadPattern();
  const re = new RegExp(head.source, head.flags);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    if (!labelsFitDns(m.groups?.["host"] ?? m[0])) {
      re.lastIndex = start + 1;
      continue;
    }
    let end = portEnd(text, start + m[0].length);
    if (text[end] === "/") end = pathEnd(text, end);
    if (text[end] === "?") end = queryEnd(text, end);
    urls.push({ start, end });
    re.lastIndex = end;
  }
  return urls;
}

/** True if every label is at most 63 characters as DNS sees it (IDN labels in punycode). */
function labelsFitDns(domain: string): boolean {
  let ascii = domain;
  if (/[^\x20-\x7e]/.test(domain)) {
    try {
      ascii = new URL(`http://${domain}`).hostname;
    } catch {
      return false;
    }
  }
  return ascii.split(".").every((label) => label.length <= 63);
}

function portEnd(text: string, at: number): number {
  if (text[at] !== ":") return at;
  let end = at + 1;
  while (end < text.length && /[0-9]/.test(text[end] as string)) end++;
  return end > at + 1 ? end : at;
}

/** End of the path that starts with "/" at `slash`: the last acceptable ending character. */
function pathEnd(text: string, slash: number): number {
  let last = slash + 1;
  let i = slash + 1;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === "(") {
      const close = balancedParen(text, i);
      if (close === -1) break;
      i = close + 1;
      last = i;
      continue;
    }
    const cp = String.fromCodePoint(text.codePointAt(i) as number);
    if (!PATH_CHAR.test(cp)) break;
    i += cp.length;
    if (PATH_END.test(cp)) last = i;
  }
  return last;
}

/** Index of the ")" closing the "(" at `open` (one nested level, as twitter-text allows), or -1. */
function balancedParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i] as string;
    if (char === "(") {
      depth++;
      if (depth > 2) return -1;
    } else if (char === ")") {
      depth--;
      if (depth === 0) return i > open + 1 ? i : -1;
    } else if (!PATH_CHAR.test(char)) return -1;
  }
  return -1;
}

function queryEnd(text: string, question: number): number {
  let last = question;
  for (let i = question + 1; i < text.length && QUERY_CHAR.test(text[i] as string); i++) {
    if (QUERY_END.test(text[i] as string)) last = i + 1;
  }
  return last;
}

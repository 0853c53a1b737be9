import assert from "node:assert/strict";
import { test } from "node:test";
import { findUrls, twitterUnits, twitterWeightedLength } from "./twitter.ts";

// Expected values are twitter-text's published conformance results for config v3 where a case
// comes from there (validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest).
test("weighted length: Latin 1, CJK 2, emoji 2 however many code points", () => {
  const cases: Array<[string, number]> = [
    ["", 0],
    ["Hello, world", 12],
    ["日本", 4],
    ["Café", 4],
    ["cafe\u0301", 4], // NFC composes e + U+0301 into one character
    ["Привет", 6],
    ["שלום", 4],
    ["한국", 4],
    ["😷👾😡🔥💩", 10],
    ["🙋🏽👨‍🎤", 4],
    ["H🐱☺👨‍👩‍👧‍👦", 7],
    ["1⃣", 2], // a keycap without U+FE0F is still one emoji
    ["©", 1], // text-style copyright sign is not an emoji
    ["©️", 2],
    ["🇫🇷", 2],
    ["Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; 🏴󠁧󠁢󠁥󠁮󠁧󠁿", 34],
    ["Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29],
    ["“quotes” – dashes — and ′primes″", 32],
    ["\u2000\u2001\u200a\u200b", 4],
    ["€", 2],
    ["👨‍👩‍👧‍👦".repeat(140), 280],
  ];
  for (const [text, weight] of cases) assert.equal(twitterWeightedLength(text), weight, JSON.stringify(text));
});

test("every URL counts 23, with or without a scheme", () => {
  const cases: Array<[string, number]> = [
    ["http://test.co", 23],
    ["Hi http://test.co", 26],
    ["https://www.twitter.com/aloha ".repeat(10), 240],
    ["Shop fizzwell.com today", 34],
    ["Shop fizzwell.com/summer/offer?utm_source=x today", 34],
    ["https://example.com/" + "a".repeat(200), 23],
    ["Read https://example.com/a-long-path", 28],
    ["https://fizzwell.brand", 23], // any TLD once the scheme is written
    ["fizzwell.brand", 14], // a bare domain needs a TLD X recognises
    ["Mail hello@fizzwell.com", 23], // an address is not a link
    ["randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68], // a 64-character label is not a domain
  ];
  for (const [text, weight] of cases) assert.equal(twitterWeightedLength(text), weight, text);
});

test("URL extraction: where a link starts and ends", () => {
  const urls = (text: string) => findUrls(text).map((u) => text.slice(u.start, u.end));
  const cases: Array<[string, string[]]> = [
    ["Visit https://fizzwell.com.", ["https://fizzwell.com"]],
    ["(see fizzwell.com/faq)", ["fizzwell.com/faq"]],
    ["https://en.wikipedia.org/wiki/Cola_(drink) now", ["https://en.wikipedia.org/wiki/Cola_(drink)"]],
    ["Go to example.com/path, then", ["example.com/path"]],
    ["https://x.com:8080/a?b=c&d=e!", ["https://x.com:8080/a?b=c&d=e"]],
    ["詳しくはexample.comへ", ["example.com"]],
    ["twitter.jp日本語it.so中国語foo.jp", ["twitter.jp", "it.so", "foo.jp"]],
    ["test ELPAÍS.com", ["ELPAÍS.com"]],
    ["http://✪df.ws/ejp", ["http://✪df.ws/ejp"]],
    ["http://twitter_underscore.com", []],
    ["/path/example.com", []],
    ["e.g. and i.e. are not links", []],
    ["file.txt", []],
  ];
  for (const [text, expected] of cases) assert.deepEqual(urls(text), expected, text);
});

test("units keep offsets into the text as given, a URL and an emoji each as one unit", () => {
  const text = "Hi 👋🏽 https://a.co/x";
  assert.deepEqual(twitterUnits(text), [
    { start: 0, end: 1, weight: 1 },
    { start: 1, end: 2, weight: 1 },
    { start: 2, end: 3, weight: 1 },
    { start: 3, end: 7, weight: 2 },
    { start: 7, end: 8, weight: 1 },
    { start: 8, end: 22, weight: 23 },
  ]);
});

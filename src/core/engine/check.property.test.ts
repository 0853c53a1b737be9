import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { KitError } from "../errors.ts";
import type { Finding } from "../findings.ts";
import { check } from "./check.ts";
import { type Kit, loadKit } from "./load-kit.ts";

const FIXED_KIT = loadKit({
  "brand/brand.yaml": `name: Fizzwell
terms:
  brand_names: [Fizzwell, Fizzwell Zero]
  prefer: { soda: sparkling drink, "e-mail": email }
  avoid: [healthy, { term: guilt-free, level: error }]
claims:
  - { id: health, level: error, message: "No '%s'.", phrases: [cure, boost immunity, "100% natural"] }
disclaimers:
  - { id: caffeine, when: [energy], require: Contains caffeine. }
`,
  "brand/rules/Hedge.yaml": "extends: existence\nmessage: \"'%s'\"\nignorecase: true\ntokens: ['sort of', 'kind(?:a| of)', 'maybe']\n",
  "brand/rules/Swap.yaml": "extends: substitution\nmessage: \"Use '%s' not '%s'\"\nswap: { 'colou?r': colour, 'web site': website }\n",
  "brand/rules/Bang.yaml": "extends: occurrence\nmessage: too many\ntoken: '!'\nmax: 1\n",
  "brand/rules/Rep.yaml": "extends: repetition\nmessage: \"'%s' repeated\"\ntokens: ['[^\\s]+']\n",
  "brand/rules/Cons.yaml": "extends: consistency\nmessage: one spelling\neither: { okay: ok }\n",
  "brand/rules/Acr.yaml": "extends: conditional\nmessage: define %s\nfirst: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n",
  "brand/rules/Caps.yaml": "extends: capitalization\nmessage: sentence case\nmatch: $sentence\nscope: heading\n",
  "brand/rules/Len.yaml": "extends: metric\nmessage: long %s\nformula: words / sentences\ncondition: '> 20'\n",
  "brand/rules/Read.yaml": "extends: readability\nmessage: grade %s\nmetrics: [Flesch-Kincaid]\ngrade: 8\n",
}).kit;

/** Text with the characters that stress positions: astral symbols, combining marks, CRLF, markup. */
const unicodeText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc
    .array(
      fc.constantFrom("Fizzwell", "fizzwell", "soda", "cure", "!", "# ", "\n", "\r\n", "- ", "`", "<!-- onbrand off -->", "<b>", "😀", "e\u0301", "| a |", "[x](http://y)", " ", "NASA", "okay", "ok"),
      { maxLength: 80 },
    )
    .map((parts) => parts.join("")),
);

function assertInBounds(findings: readonly Finding[], content: string, structured: boolean): void {
  const lines = content.split("\n").length;
  for (const f of findings) {
    assert.ok(f.line >= 1 && f.column >= 1, `position starts at 1: ${JSON.stringify(f)}`);
    assert.ok(f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column), `end after start: ${JSON.stringify(f)}`);
    if (!structured) assert.ok(f.endLine <= lines, `end within the text: ${JSON.stringify(f)}`);
    if (!structured) assert.ok(content.includes(f.match), "the match is source text");
  }
}

for (const format of ["text", "markdown", "html"] as const) {
  test(`check never throws and keeps findings in bounds for arbitrary Unicode ${format}`, () => {
    fc.assert(
      fc.property(unicodeText, (content) => {
        const result = check(FIXED_KIT, { path: `a.${format}`, content, format });
        assertInBounds(result.findings, content, false);
        assert.ok(result.score >= 0 && result.score <= 100);
      }),
      { numRuns: 300 },
    );
  });
}

test("check never throws for arbitrary string fields of a structured asset", () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom("subject", "body", "cta", "headline"), unicodeText, { minKeys: 1 }), (fields) => {
      const content = JSON.stringify({ channel: "email", fields });
      assertInBounds(check(FIXED_KIT, { path: "a.json", content }).findings, content, true);
    }),
    { numRuns: 200 },
  );
});

const phrase = fc.string({ unit: "grapheme-composite", minLength: 1, maxLength: 20 });
const level = fc.constantFrom("error", "warning", "suggestion");

const arbitraryBrand = fc.record({
  name: fc.string({ minLength: 1, maxLength: 20 }),
  terms: fc.record({
    brand_names: fc.uniqueArray(phrase, { maxLength: 4, selector: (s) => s.toLowerCase() }),
    avoid: fc.uniqueArray(phrase, { maxLength: 5, selector: (s) => s.toLowerCase() }),
    prefer: fc.dictionary(phrase, phrase, { maxKeys: 4 }),
  }),
  claims: fc.uniqueArray(
    fc.record({ id: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), level, message: phrase, phrases: fc.array(phrase, { minLength: 1, maxLength: 3 }) }),
    { maxLength: 3, selector: (c) => c.id },
  ),
  disclaimers: fc.uniqueArray(
    fc.record({ id: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), when: fc.array(phrase, { minLength: 1, maxLength: 2 }), require: phrase }),
    { maxLength: 2, selector: (d) => d.id },
  ),
});

test("for arbitrary valid kits, check never throws and keeps findings in bounds", () => {
  let loaded = 0;
  fc.assert(
    fc.property(arbitraryBrand, unicodeText, (brand, content) => {
      let kit: Kit;
      try {
        kit = loadKit({ "brand/brand.yaml": stringify(brand) }).kit;
      } catch (e) {
        // A generated kit may be invalid (a duplicate name after normalising, say): that is the
        // loader's job to reject with a message, which it must do with a KitError.
        assert.ok(e instanceof KitError, String(e));
        return;
      }
      loaded++;
      const withPhrases = `${content} ${brand.terms.avoid.join(" ")} ${brand.claims.flatMap((c) => c.phrases).join(" ")}`;
      for (const format of ["text", "markdown"] as const) {
        const result = check(kit, { path: "a", content: withPhrases, format });
        assertInBounds(result.findings, withPhrases, false);
      }
    }),
    { numRuns: 200 },
  );
  assert.ok(loaded > 100, `most generated kits are valid (${loaded} of 200)`);
});

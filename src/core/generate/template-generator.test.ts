import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { readWorkspace } from "../../node/workspace.ts";
import { loadKit } from "../engine/load-kit.ts";
import type { Kit } from "../engine/load-kit.ts";
import { validateBrief } from "../library/brief.ts";
import { checkOutput } from "../library/check-output.ts";
import type { Brief, Target, UseCase } from "../library/library.ts";
import { loadLibrary } from "../library/load-library.ts";
import { resolveTarget, type TargetRequest } from "../library/target.ts";
import { EXPECT_PASS } from "../library/usecase-schema.ts";
import { formatValue, generateFromTemplate } from "./template-generator.ts";

const WORKSPACES = {
  demo: fileURLToPath(new URL("../../../examples/demo/onbrand.yaml", import.meta.url)),
  "onbrand init": fileURLToPath(new URL("../../cli/init-template/onbrand.yaml", import.meta.url)),
};

function open(configPath: string): { kit: Kit; useCase: (id: string) => UseCase; useCases: UseCase[] } {
  const workspace = readWorkspace(configPath);
  const { kit } = loadKit(workspace.files, { configFile: workspace.configFile });
  const { library } = loadLibrary(kit, workspace.files);
  return {
    kit,
    useCases: library.useCases,
    useCase: (id) => {
      const found = library.get(id);
      assert.ok(found, id);
      return found;
    },
  };
}

const demo = open(WORKSPACES.demo);

function briefOf(useCase: UseCase, value: Record<string, unknown>): Brief {
  const { brief, problems } = validateBrief(useCase, value);
  assert.deepEqual(problems, []);
  assert.ok(brief);
  return brief;
}

function targetOf(kit: Kit, useCase: UseCase, request: TargetRequest = {}): Target {
  const { target, problems } = resolveTarget(kit, useCase, request);
  assert.deepEqual(problems, []);
  assert.ok(target);
  return target;
}

/** Every default target (channels x audiences x regions, plus none) of a use case. */
function targets(kit: Kit, useCase: UseCase): Target[] {
  const channels = useCase.variants.channels.length > 0 ? useCase.variants.channels : useCase.channels.length > 0 ? useCase.channels : [null];
  const out: Target[] = [];
  for (const channel of channels) {
    for (const audience of [null, ...useCase.variants.audiences]) {
      for (const region of [null, ...useCase.variants.regions]) out.push(targetOf(kit, useCase, { channel, audience, region }));
    }
  }
  return out;
}

for (const [name, configPath] of Object.entries(WORKSPACES)) {
  test(`${name}: every use case, default target, example or passing brief and variant gives an output with no error and no length finding`, () => {
    const { kit, useCases } = open(configPath);
    const problems: string[] = [];
    let outputs = 0;
    for (const useCase of useCases) {
      const briefs = [...useCase.examples, ...useCase.tests.filter((t) => t.expect === EXPECT_PASS)].map((entry) => briefOf(useCase, entry.brief));
      for (const target of targets(kit, useCase)) {
        for (const brief of briefs) {
          for (const variant of [0, 1, 2]) {
            const output = generateFromTemplate(kit, useCase, brief, target, { variant });
            outputs++;
            for (const finding of checkOutput(kit, useCase, target, output).findings) {
              if (finding.level === "error" || finding.rule.startsWith("Brand.Length") || finding.rule === "Output.Length") {
                problems.push(`${useCase.id} ${JSON.stringify(target)} v${variant}: ${finding.field} ${finding.rule} ${finding.message}`);
              }
            }
          }
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(outputs >= 200, `${outputs} outputs`);
  });
}

const rsa = demo.useCase("google-rsa");
const rsaBrief = briefOf(rsa, { product: "Fizzwell Zero", keywords: ["elderflower sparkling drink", "stevia sparkling drink"] });

test("the same inputs give the same output", () => {
  const target = targetOf(demo.kit, rsa, { region: "west" });
  assert.deepEqual(generateFromTemplate(demo.kit, rsa, rsaBrief, target, { variant: 3 }), generateFromTemplate(demo.kit, rsa, rsaBrief, target, { variant: 3 }));
});

test("an RSA has exactly 15 distinct headlines and 4 distinct descriptions in every variant, and variants differ", () => {
  const target = targetOf(demo.kit, rsa);
  const seen = new Set<string>();
  for (const variant of [0, 1, 2, 3, 4]) {
    const output = generateFromTemplate(demo.kit, rsa, rsaBrief, target, { variant });
    const headlines = output.headlines as string[];
    const descriptions = output.descriptions as string[];
    assert.equal(headlines.length, 15);
    assert.equal(new Set(headlines.map((h) => h.toLowerCase())).size, 15);
    assert.equal(descriptions.length, 4);
    assert.equal(new Set(descriptions).size, 4);
    seen.add(JSON.stringify(output));
  }
  assert.equal(seen.size, 5);
});

test("a changed list brief value takes the old one's place, in the headline's Title Case", () => {
  const output = generateFromTemplate(demo.kit, rsa, rsaBrief, targetOf(demo.kit, rsa));
  const headlines = output.headlines as string[];
  assert.ok(headlines.includes("Elderflower Sparkling Drink"), headlines.join(" | "));
  assert.ok(!headlines.includes("Zero Sugar Sparkling Drink"));
});

const email = demo.useCase("email");

test("an email for another product drops the sentences about the example's product and swaps its name", () => {
  const brief = briefOf(email, { product: "Fizzwell Original", key_message: "Fizzwell Original now comes in 12-can packs online.", cta_goal: "order online" });
  const output = generateFromTemplate(demo.kit, email, brief, targetOf(demo.kit, email));
  assert.equal(output.subject, "Fizzwell Original now comes in 12-can packs");
  assert.equal(
    output.body,
    "Hi there,\n\nFizzwell Original sold out in May, and thank you for waiting. Fizzwell Original now comes in 12-can packs online.\n\nKeep a few in the office fridge for the 3 p.m. slump.\n\nWhile supplies last.\n\nCheers,\nThe Fizzwell team",
  );
  assert.ok(!JSON.stringify(output).toLowerCase().includes("zero"), JSON.stringify(output));
});

test("a brief value too long for a field is cut at a word boundary", () => {
  const brief = briefOf(email, { product: "Fizzwell Zero", key_message: "Fizzwell Zero is on the shelf at every Corner Mart from June 2.", cta_goal: "order online" });
  const output = generateFromTemplate(demo.kit, email, brief, targetOf(demo.kit, email));
  assert.equal(output.subject, "Fizzwell Zero is on the shelf at every Corner Mart");
});

test("an SMS keeps its sender label and opt-out line around a long brief value", () => {
  const sms = demo.useCase("sms");
  const brief = briefOf(sms, {
    message_type: "event",
    details: "Free tastings of Fizzwell Original at the Harbor Street farmers market in Portland, booth 7, every Saturday in July from 9 a.m. to 1 p.m., with hibiscus recipes.",
  });
  const output = generateFromTemplate(demo.kit, sms, brief, targetOf(demo.kit, sms));
  assert.deepEqual(output, { body: "Fizzwell: Free tastings of Fizzwell Original at the Harbor Street farmers market in Portland, booth 7. Reply STOP to opt out." });
});

test("a cut-down takes the master's sentences, without its greeting and sign-off", () => {
  const cutdown = demo.useCase("social-cutdown");
  const brief = briefOf(cutdown, { master: "unused when a master asset is given" });
  const master = {
    subject: "Fizzwell Zero is back",
    body: "Hi there,\n\nFizzwell Zero sold out in May. The 12-can packs are back in stock.\n\nCheers,\nThe Fizzwell team",
  };
  const output = generateFromTemplate(demo.kit, cutdown, brief, targetOf(demo.kit, cutdown, { channel: "x" }), { master });
  assert.deepEqual(output, {
    body: "Fizzwell Zero sold out in May. The 12-can packs are back in stock.",
    overlay_text: "Fizzwell Zero is back.",
  });
});

test("a storyboard keeps its scenes in order with durations inside the use case's bounds", () => {
  const storyboard = demo.useCase("video-storyboard");
  const brief = briefOf(storyboard, { concept: "A Saturday at the farmers market.", product: "Fizzwell Zero" });
  for (const variant of [0, 1]) {
    const output = generateFromTemplate(demo.kit, storyboard, brief, targetOf(demo.kit, storyboard), { variant });
    const scenes = output.scenes as { duration_seconds: number }[];
    assert.equal(scenes.length, 5);
    assert.ok(scenes.every((s) => s.duration_seconds >= 1 && s.duration_seconds <= 8));
  }
});

test("brief values are written in the target's locale", () => {
  assert.equal(formatValue(12500, "en-US"), "12,500");
  assert.equal(formatValue(12500, "de-DE"), "12.500");
  assert.equal(formatValue("2025-07-31", "en-US"), "July 31, 2025");
  assert.equal(formatValue("2025-07-31", "en-GB"), "31 July 2025");
  assert.equal(formatValue(["hibiscus", "ginger", "lime"], "en-US"), "hibiscus, ginger, and lime");
  assert.equal(formatValue(true, "en-US"), "");
  assert.equal(formatValue(3, "not a locale!"), "3");
});

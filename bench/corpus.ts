import type { Random } from "./prng.ts";

/**
 * Seeded marketing copy in Markdown, cut into ~2 KB assets: headings, paragraphs, lists, links,
 * emphasis, inline code, now and then a code block, a table, a quote or front matter. Kit phrases
 * are planted into sentences (and, to check that both tools skip them, into code blocks).
 */
export interface Asset {
  path: string;
  content: string;
  bytes: number;
}

/** Phrases to plant, in tiers (e.g. those of the 100-, 1,000- and 10,000-phrase kits), with a weight each. */
export interface Planting {
  /** Per tier, per phrase, the forms it may be written in. */
  tiers: ReadonlyArray<readonly string[][]>;
  weights: readonly number[];
  /** Chance that a sentence carries a planted phrase. */
  rate: number;
}

const PRODUCTS = ["Benchco Flow", "Benchco Cloud", "the Benchco app", "Pulse", "Orbit Pro", "Lumen", "Harbor", "Tidy Desk"];
const AUDIENCES = ["small teams", "growing startups", "busy parents", "marketing teams", "developers", "store owners", "finance leads", "designers", "new users", "support teams"];
const VERBS = ["plan", "ship", "track", "share", "schedule", "automate", "review", "launch", "manage", "organize", "measure", "sync"];
const OBJECTS = ["your campaigns", "every invoice", "weekly reports", "customer feedback", "the whole roadmap", "product launches", "your inbox", "team goals", "orders", "content calendars", "every purchase", "shared files"];
const ADJECTIVES = ["simple", "fast", "friendly", "reliable", "flexible", "secure", "thoughtful", "powerful", "lightweight", "affordable", "calm", "clear", "seamless", "robust", "cheap"];
const BENEFITS = ["save hours every week", "spend less time on busywork", "keep everyone on the same page", "stay on budget", "never miss a deadline", "focus on the work that matters", "answer customers faster", "see what is working"];
const TIMES = ["in minutes", "before lunch", "this quarter", "every Monday", "in one place", "from any device", "around the clock", "without the busywork"];
const OPENERS = ["Today", "Starting this spring", "Now", "Best of all", "Plus", "Even better", "On top of that"];
const TOOLS = ["Slack", "Gmail", "Shopify", "Stripe", "Notion", "GitHub", "Calendar", "Zapier"];
const PEOPLE = ["Maya Chen, founder of Leafline", "Tom Okafor, head of growth at Parcel", "Ines Duarte, operations lead at Brightside", "Sam Patel, owner of Corner Bakery"];
const PLANS = ["Starter", "Team", "Business", "Enterprise"];
const LINKS = ["pricing", "features", "customers", "blog/launch-week", "docs/getting-started", "signup", "integrations", "security"];
const LINK_TEXTS = ["see pricing", "compare plans", "read the guide", "start free", "click here", "meet our customers", "learn more", "explore integrations"];
const COMMANDS = ["npm install benchco", "benchco sync --all", "benchco login", "curl -s https://api.benchco.example/v1/status", "benchco export --format csv"];

/** Every word the generator writes as ordinary copy: pseudo-words must avoid them. */
export function corpusWords(): Set<string> {
  const all = [PRODUCTS, AUDIENCES, VERBS, OBJECTS, ADJECTIVES, BENEFITS, TIMES, OPENERS, TOOLS, PEOPLE, PLANS, LINK_TEXTS].flat().join(" ");
  return new Set(all.toLowerCase().split(/[^a-z]+/).filter(Boolean));
}

const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Generates assets until their UTF-8 size reaches `totalBytes`. */
export function generateCorpus(random: Random, totalBytes: number, planting: Planting): Asset[] {
  const assets: Asset[] = [];
  let bytes = 0;
  while (bytes < totalBytes) {
    const content = generateAsset(random, planting);
    const size = Buffer.byteLength(content, "utf8");
    assets.push({ path: `copy/asset-${String(assets.length + 1).padStart(5, "0")}.md`, content, bytes: size });
    bytes += size;
  }
  return assets;
}

function generateAsset(random: Random, planting: Planting): string {
  const target = random.int(1500, 2150);
  const writer = new CopyWriter(random, planting);
  const blocks: string[] = [];
  if (random.chance(0.1)) {
    blocks.push(`---\ntitle: "${cap(random.pick(VERBS))} ${random.pick(OBJECTS)} ${random.pick(TIMES)}"\ndate: 2025-0${random.int(1, 9)}-1${random.int(0, 9)}\ntags: [launch, ${random.pick(VERBS)}]\n---`);
  }
  blocks.push(`# ${writer.headline()}`, writer.paragraph(random.int(2, 4)));
  let length = blocks.join("\n\n").length;
  while (length < target) {
    const roll = random.next();
    let block: string;
    if (roll < 0.2) block = `## ${writer.headline()}\n\n${writer.paragraph(random.int(2, 4))}`;
    else if (roll < 0.55) block = writer.paragraph(random.int(2, 5));
    else if (roll < 0.75) block = writer.list();
    else if (roll < 0.83) block = writer.codeBlock();
    else if (roll < 0.91) block = writer.table();
    else block = writer.quote();
    blocks.push(block);
    length += block.length + 2;
  }
  return `${blocks.join("\n\n")}\n`;
}

class CopyWriter {
  private readonly random: Random;
  private readonly planting: Planting;

  constructor(random: Random, planting: Planting) {
    this.random = random;
    this.planting = planting;
  }

  /** A planted phrase in a random tier, in lower case mostly, sometimes capitalised or shouted. */
  private planted(): string {
    const r = this.random;
    const { tiers, weights } = this.planting;
    let roll = r.next() * weights.reduce((a, b) => a + b, 0);
    let tier = 0;
    while (tier < tiers.length - 1 && roll >= (weights[tier] as number)) roll -= weights[tier++] as number;
    // The phrase as listed most of the time, otherwise one of its inflected forms.
    const forms = r.pick(tiers[tier] as string[][]);
    const form = r.chance(0.6) ? (forms[0] as string) : r.pick(forms);
    const casing = r.next();
    return casing < 0.8 ? form : casing < 0.95 ? cap(form) : form.toUpperCase();
  }

  headline(): string {
    const r = this.random;
    if (r.chance(this.planting.rate)) return `Why ${this.planted()} is over`;
    return r.pick([
      () => `${cap(r.pick(VERBS))} ${r.pick(OBJECTS)} ${r.pick(TIMES)}`,
      () => `Built for ${r.pick(AUDIENCES)}`,
      () => `${cap(r.pick(ADJECTIVES))} by design`,
      () => `What's new in ${r.pick(PRODUCTS)}`,
    ])();
  }

  sentence(): string {
    const r = this.random;
    const product = r.pick(PRODUCTS);
    if (r.chance(this.planting.rate)) {
      const p = this.planted();
      return r.pick([
        () => `Forget ${p}: ${product} helps you ${r.pick(VERBS)} ${r.pick(OBJECTS)}.`,
        () => `Some call it ${p}; we call it ${r.pick(ADJECTIVES)}.`,
        () => `${cap(product)} is ${p} for ${r.pick(AUDIENCES)}.`,
        () => `Say goodbye to ${p} and hello to ${r.pick(BENEFITS.slice(0, 4))}.`,
        () => `${cap(p)}, ${r.pick(TIMES)}.`,
        () => `We promise ${p}\nfor ${r.pick(AUDIENCES)} ${r.pick(TIMES)}.`,
      ])();
    }
    return r.pick([
      () => `${cap(product)} helps ${r.pick(AUDIENCES)} ${r.pick(VERBS)} ${r.pick(OBJECTS)} ${r.pick(TIMES)}.`,
      () => `Meet ${product}: the ${this.decorate(r.pick(ADJECTIVES))} way to ${r.pick(VERBS)} ${r.pick(OBJECTS)}.`,
      () => `No more spreadsheets, no more guesswork. Just ${r.pick(ADJECTIVES)} tools that ${r.pick(VERBS)} ${r.pick(OBJECTS)}.`,
      () => `${cap(r.pick(AUDIENCES))} use ${product} to ${r.pick(BENEFITS)}.`,
      () => `Whether you ${r.pick(VERBS)} ${r.pick(OBJECTS)} or ${r.pick(VERBS)} ${r.pick(OBJECTS)}, ${product} keeps it ${r.pick(ADJECTIVES)}.`,
      () => `Try it free for ${r.int(7, 30)} days and see how much time you save.`,
      () => `Over ${r.int(2, 90)},000 ${r.pick(AUDIENCES)} already ${r.pick(VERBS)} ${r.pick(OBJECTS)} with ${product}.`,
      () => `Our ${r.pick(ADJECTIVES)} dashboard shows ${r.pick(OBJECTS)} at a glance, so you can ${r.pick(BENEFITS)}.`,
      () => `It takes ${r.int(2, 10)} minutes to set up — and you can cancel anytime.`,
      () => `${r.pick(OPENERS)}, ${product} can ${r.pick(VERBS)} ${r.pick(OBJECTS)} for you, ${r.pick(TIMES)}.`,
      () => `We built ${product} for ${r.pick(AUDIENCES)} who want ${r.chance(0.2) ? "in order to" : "to"} ${r.pick(BENEFITS)}.`,
      () => `Questions? Our support team answers ${r.pick(TIMES)}; ${this.link()}.`,
      () => `Plans start at $${r.int(5, 49)} a month, with no setup fees.`,
      () => `Connect ${r.pick(TOOLS)} and ${r.pick(TOOLS)} in a few clicks, or run \`${r.pick(COMMANDS)}\` from your terminal.`,
      () => `Your data stays yours: we encrypt ${r.pick(OBJECTS)} at rest and in transit.`,
      () => `${cap(r.pick(VERBS))} ${r.pick(OBJECTS)}, ${r.pick(VERBS)} ${r.pick(OBJECTS)} and **${r.pick(BENEFITS)}**.`,
    ])();
  }

  private decorate(word: string): string {
    const roll = this.random.next();
    return roll < 0.15 ? `*${word}*` : roll < 0.25 ? `**${word}**` : word;
  }

  private link(): string {
    return `[${this.random.pick(LINK_TEXTS)}](https://benchco.example/${this.random.pick(LINKS)})`;
  }

  paragraph(sentences: number): string {
    const out: string[] = [];
    for (let i = 0; i < sentences; i++) out.push(this.sentence());
    if (this.random.chance(0.3)) out.push(`${cap(this.link())}.`);
    // Soft-wrap some paragraphs, as copy pasted from an editor often is.
    return this.random.chance(0.3) ? out.join("\n") : out.join(" ");
  }

  list(): string {
    const r = this.random;
    const ordered = r.chance(0.3);
    const items: string[] = [];
    for (let i = 0; i < r.int(3, 6); i++) {
      const lead = r.chance(0.5) ? `**${cap(r.pick(ADJECTIVES))} ${r.pick(VERBS)}s.** ` : "";
      items.push(`${ordered ? `${i + 1}.` : "-"} ${lead}${this.sentence()}`);
    }
    return items.join("\n");
  }

  codeBlock(): string {
    const r = this.random;
    // Copy inside code is never checked: a planted phrase in a comment must not be found.
    const comment = r.chance(0.5) ? `// ${this.planted()}\n` : "";
    if (r.chance(0.5)) return `\`\`\`bash\n${r.pick(COMMANDS)}\n${r.pick(COMMANDS)}\n\`\`\``;
    return `\`\`\`js\n${comment}import { Benchco } from "benchco";\nconst client = new Benchco({ key: process.env.BENCHCO_KEY });\nawait client.sync("${r.pick(LINKS)}");\n\`\`\``;
  }

  table(): string {
    const r = this.random;
    const rows = ["| Plan | Price | Seats | Best for |", "| --- | ---: | ---: | --- |"];
    for (const plan of PLANS.slice(0, r.int(2, 4))) {
      const bestFor = r.chance(this.planting.rate) ? this.planted() : r.pick(AUDIENCES);
      rows.push(`| ${plan} | $${r.int(5, 199)} | ${r.int(1, 50)} | ${bestFor} |`);
    }
    return rows.join("\n");
  }

  quote(): string {
    return `> ${this.sentence()} ${this.sentence()}\n>\n> — ${this.random.pick(PEOPLE)}`;
  }
}

import assert from "node:assert/strict";
import { test } from "node:test";
import { type ChannelSpec, mergeChannels } from "./channel-spec.ts";
import { DEFAULT_CHANNELS } from "./default-channels.ts";

test("the default table has the platforms' limits", () => {
  const limit = (channel: string, field: string) => DEFAULT_CHANNELS[channel]?.fields[field];
  assert.deepEqual(limit("google-rsa", "headlines"), { label: "headline", max_chars: 30, counting: "double-width" });
  assert.equal(limit("google-rsa", "descriptions")?.max_chars, 90);
  assert.equal(limit("google-rsa", "path1")?.max_chars, 15);
  assert.equal(limit("meta-ad", "body")?.max_chars, 125);
  assert.equal(limit("meta-ad", "headline")?.max_chars, 40);
  assert.equal(limit("meta-ad", "description")?.max_chars, 30);
  assert.deepEqual(limit("sms", "body"), { counting: "sms", max_segments: 1 });
  assert.deepEqual(limit("x", "body"), { label: "post", max_chars: 280, counting: "twitter" });
  assert.equal(limit("email", "subject")?.max_chars, 60);
  assert.equal(limit("email", "preheader")?.max_chars, 100);
  assert.equal(limit("push", "title")?.max_chars, 40);
  assert.equal(limit("push", "body")?.max_chars, 110);
  assert.equal(limit("instagram", "body")?.max_chars, 2200);
  assert.equal(limit("linkedin", "body")?.max_chars, 3000);
});

test("a kit field merges key by key into the default field; other default fields stay", () => {
  const merged = mergeChannels(DEFAULT_CHANNELS, {
    "google-rsa": { fields: { headlines: { max_chars: 25 } } },
  });
  assert.deepEqual(merged["google-rsa"], {
    name: "Google RSA",
    fields: {
      headlines: { label: "headline", max_chars: 25, counting: "double-width" },
      descriptions: { label: "description", max_chars: 90, counting: "double-width" },
      path1: { label: "display path", max_chars: 15, counting: "double-width" },
      path2: { label: "display path", max_chars: 15, counting: "double-width" },
    },
  });
});

test("a kit adds new channels and new fields, renames a channel, and never mutates the defaults", () => {
  const kit: Record<string, ChannelSpec> = {
    "fizz-app": { name: "Fizzwell app", fields: { banner: { max_chars: 35, max_words: 6 } } },
    sms: { name: "text message", fields: { body: { max_segments: 2, max_chars: undefined }, footer: { max_chars: 20 } } },
  };
  const merged = mergeChannels(DEFAULT_CHANNELS, kit);
  assert.deepEqual(merged["fizz-app"], kit["fizz-app"]);
  assert.deepEqual(merged["sms"], {
    name: "text message",
    fields: { body: { counting: "sms", max_segments: 2 }, footer: { max_chars: 20 } },
  });
  assert.equal(DEFAULT_CHANNELS["sms"]?.fields["body"]?.max_segments, 1);
  assert.equal(DEFAULT_CHANNELS["sms"]?.name, "SMS");
  assert.deepEqual(Object.keys(merged).slice(0, 8), Object.keys(DEFAULT_CHANNELS));
});

test("without kit channels the defaults apply as they are", () => {
  assert.deepEqual(mergeChannels(DEFAULT_CHANNELS), DEFAULT_CHANNELS);
  assert.deepEqual(mergeChannels({}, {}), {});
});

import type { ChannelSpec } from "./channel-spec.ts";

/**
 * Length limits of the common platforms, used unless a kit overrides them (see mergeChannels).
 * Hard limits (the platform rejects longer text) are errors; limits past which the platform
 * truncates ("See more", ellipsis) are warnings. docs/channels.md names the source of every number.
 * Field ids follow the platforms' own APIs where they have one (Google Ads `headlines`,
 * `descriptions`, `path1`, `path2`; Meta `body` for primary text), and a channel whose copy is one
 * text names it `body`, the field a plain-text or Markdown asset is checked against.
 */
export const DEFAULT_CHANNELS: Readonly<Record<string, ChannelSpec>> = {
  "google-rsa": {
    name: "Google RSA",
    fields: {
      headlines: { label: "headline", max_chars: 30, counting: "double-width" },
      descriptions: { label: "description", max_chars: 90, counting: "double-width" },
      path1: { label: "display path", max_chars: 15, counting: "double-width" },
      path2: { label: "display path", max_chars: 15, counting: "double-width" },
    },
  },
  "meta-ad": {
    name: "Meta ad",
    fields: {
      body: { label: "primary text", max_chars: 125, level: "warning" },
      headline: { label: "headline", max_chars: 40, level: "warning" },
      description: { label: "description", max_chars: 30, level: "warning" },
    },
  },
  sms: {
    name: "SMS",
    fields: {
      body: { counting: "sms", max_segments: 1 },
    },
  },
  x: {
    name: "X",
    fields: {
      body: { label: "post", max_chars: 280, counting: "twitter" },
    },
  },
  email: {
    name: "email",
    fields: {
      subject: { label: "subject line", max_chars: 60, level: "warning" },
      preheader: { label: "preheader", max_chars: 100, level: "warning" },
    },
  },
  push: {
    name: "push notification",
    fields: {
      title: { label: "title", max_chars: 40, level: "warning" },
      body: { label: "body", max_chars: 110, level: "warning" },
    },
  },
  instagram: {
    name: "Instagram",
    fields: {
      body: { label: "caption", max_chars: 2200 },
    },
  },
  linkedin: {
    name: "LinkedIn",
    fields: {
      body: { label: "post", max_chars: 3000 },
    },
  },
};

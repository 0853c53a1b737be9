export { type ChannelSpec, type FieldLimit, mergeChannels } from "./channel-spec.ts";
export {
  COUNTINGS,
  type Counting,
  type LengthCount,
  type LengthUnit,
  countLength,
  countWords,
  isCounting,
  lengthUnits,
  overflowOffset,
  unitName,
  wordUnits,
} from "./counting.ts";
export { DEFAULT_CHANNELS } from "./default-channels.ts";
export { isWideCodePoint } from "./east-asian-width.ts";
export { SMS_CAPACITY, type SmsCount, type SmsEncoding, smsOverflowOffset, smsSegments } from "./sms.ts";
export { TWITTER_CONFIG, findUrls, twitterWeightedLength } from "./twitter.ts";

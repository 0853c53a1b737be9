// The part of autocannon's programmatic API the API benchmark uses; the package ships no types.
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  }

  /** hdr-histogram summaries: per-second request counts, or latencies in milliseconds. */
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }

  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    requests: Histogram;
    latency: Histogram;
  }

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}

/** The onbrand library: the same engine the CLI and the studio use. See src/core/index.ts. */
export * from "./core/index.ts";

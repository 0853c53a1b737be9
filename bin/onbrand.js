#!/usr/bin/env node
import module from "node:module";

// Cache compiled bytecode between runs (Node >= 22.1): a one-file check starts in well under half the time.
module.enableCompileCache?.();
const { main } = await import("../dist/cli/main.js");
process.exitCode = await main(process.argv.slice(2));

/**
 * `onbrand` from the source, for tests that need real processes (workers, servers) without a build:
 * `node test/jobs/onbrand-cli.ts worker --concurrency 2`.
 */
import { main } from "../../src/cli/main.ts";

process.exitCode = await main(process.argv.slice(2));

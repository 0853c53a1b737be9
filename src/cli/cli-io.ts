/** What a command may touch of the process, so commands run the same in tests and in a terminal. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stdin: AsyncIterable<Uint8Array | string>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Calls `handler` on Ctrl-C instead of exiting, until the returned function is called. Commands
   * with long work use it to stop cleanly; absent (tests in process), Ctrl-C is not delivered.
   */
  onInterrupt?: (handler: () => void) => () => void;
}

export function processIo(): CliIo {
  // `onbrand check ... | head` closes the pipe early: not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  const onInterrupt = (handler: () => void): (() => void) => {
    process.on("SIGINT", handler);
    process.on("SIGTERM", handler);
    return () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    };
  };
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env, onInterrupt };
}

/** Exit codes as Vale and ESLint use them. */
export const EXIT_OK = 0;
/** At least one error-level finding. */
export const EXIT_FINDINGS = 1;
/** Usage, configuration or input errors: nothing (useful) was checked. */
export const EXIT_USAGE = 2;

/** --no-color, then --color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
export function useColor(values: { color?: boolean | undefined; "no-color"?: boolean | undefined }, io: CliIo): boolean {
  if (values["no-color"]) return false;
  if (values.color) return true;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return io.stdout.isTTY === true;
}

import { statSync } from "node:fs";
import { dirname, join } from "node:path";

export const CONFIG_FILE_NAME = "onbrand.yaml";

/**
 * The nearest `onbrand.yaml` in `startDir` or a parent folder (as Vale finds `.vale.ini`), or null.
 *
 * @example findConfig("/repo/docs/blog") // "/repo/onbrand.yaml"
 */
export function findConfig(startDir: string): string | null {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

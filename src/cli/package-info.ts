import { readFileSync } from "node:fs";

export interface PackageInfo {
  name: string;
  version: string;
  homepage?: string;
}

let cached: PackageInfo | undefined;

/** onbrand's own package.json, found the same way from src/cli/ (tests) and dist/cli/ (the built CLI). */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  const data = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as Partial<PackageInfo>;
  cached = {
    name: typeof data.name === "string" ? data.name : "onbrand",
    version: typeof data.version === "string" ? data.version : "0.0.0",
  };
  if (typeof data.homepage === "string") cached.homepage = data.homepage;
  return cached;
}

import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeBuiltins = ["fs", "path", "os", "child_process", "http", "https", "net", "crypto", "url", "util", "stream", "process", "worker_threads", "zlib", "readline", "tty"];

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "bench/.data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The core is pure: it runs in the CLI, the server, workers and the browser.
    files: ["src/core/**/*.ts", "src/format/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "src/core and src/format are pure: no Node built-ins (see docs/architecture.md)." },
            { group: nodeBuiltins, message: "src/core and src/format are pure: no Node built-ins (see docs/architecture.md)." },
            { group: ["**/cli/**", "**/node/**"], message: "The core must not import the CLI or Node-side loaders." },
          ],
        },
      ],
      "no-restricted-globals": ["error", "process", "Buffer", "require", "__dirname"],
    },
  },
  {
    files: ["bin/**/*.js", "eslint.config.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);

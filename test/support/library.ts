/**
 * A small use case that fits the demo kit (channel email, one required and one defaulted input),
 * for library, brief and prompt tests; `extra` is appended as the last line (a comment, a key).
 *
 * @example await saveUseCaseVersion(db, workspaceId, { brandId, useCaseId: "tagline", file: taglineFile() }, null);
 */
export function taglineFile(extra = ""): string {
  return [
    "name: Tagline",
    "owner: Maya Chen",
    "asset_type: tagline",
    "channels: [email]",
    "inputs:",
    "  - name: product",
    "    required: true",
    "  - name: count",
    "    type: number",
    "    default: 3",
    "output:",
    "  fields:",
    "    - name: line",
    "instructions: Write a tagline for {{product}}.",
    extra,
  ].join("\n");
}

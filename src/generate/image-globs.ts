// The image patterns an admission policy admits, and the escaping for a value put into a regular
// expression. A module of their own: the audit's admission-policy fix uses them, and importing them
// from view.ts loaded the generator's profile schema (zod) on every audit.

/**
 * Image patterns that select this app's repository, and no other, in each admission controller.
 * Kyverno matches its globs against the image as written in the pod, and `*` crosses every
 * character: the bare repository (an implicit :latest), `repo:*` and `repo@*` cover every reference
 * while ":" and "@" keep out repositories that only share the prefix (repo-worker).
 * The Sigstore policy-controller matches against the reference normalized by go-containerregistry
 * (`repo:latest` for a bare name, `repo@sha256:...` once it has resolved the tag to a digest, which it
 * does before validating), and its `*` stops at "/" but not at ":" or "@". So `repo:*` covers tags
 * and `repo@sha256:*` digests; the "@" keeps out a sibling repository whose name extends this one
 * (repo-worker@sha256:...), which `repo*sha256:*` let in. Globs accept "@" since policy-controller
 * PR #63 (June 2022, pkg/apis/glob/glob.go's validGlob).
 */
export function imageGlobs(repository: string) {
  return {
    kyverno: [repository, `${repository}:*`, `${repository}@*`],
    sigstore: [`${repository}:*`, `${repository}@sha256:*`],
  };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

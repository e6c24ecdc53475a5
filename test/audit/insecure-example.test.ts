// The real audit over examples/insecure-repo, a small service whose Dockerfile, manifests, CI,
// Falco rules and Helm values hold the mistakes the audit exists to find. Every finding is pinned
// as `ruleId file:line`, so a rule that stops firing here, or starts firing where it should not,
// fails this test. Each entry was checked by hand against the rule's intent and the example's
// text (see the comments), not copied from the audit's output.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, audit } from '../../src/audit/index.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/insecure-repo');

const EXPECTED = [
  // Workflow ci.yml: no permissions anywhere (reported at `on:`), tag-pinned actions, a checkout
  // that keeps its token, a Trivy scan that cannot fail the build and whose results go nowhere,
  // and `cosign sign` with no admission policy in the repo to verify the signature.
  'workflow/missing-permissions .github/workflows/ci.yml:3',
  'workflow/checkout-persist-credentials .github/workflows/ci.yml:12',
  'workflow/unpinned-action .github/workflows/ci.yml:12', // actions/checkout@v4
  'workflow/unpinned-action .github/workflows/ci.yml:13', // actions/setup-node@v4
  'workflow/unpinned-action .github/workflows/ci.yml:18', // docker/login-action@v3
  'workflow/unpinned-action .github/workflows/ci.yml:23', // docker/build-push-action@v6
  'workflow/unpinned-action .github/workflows/ci.yml:30', // aquasecurity/trivy-action@master
  'workflow/scan-cannot-fail .github/workflows/ci.yml:30', // no exit-code
  'workflow/no-sarif-upload .github/workflows/ci.yml:30',
  'workflow/unpinned-action .github/workflows/ci.yml:35', // sigstore/cosign-installer@v3
  'workflow/signed-without-admission .github/workflows/ci.yml:37',

  // Workflow pr-preview.yml: pull_request_target checking out the pull request's head commit.
  'workflow/missing-permissions .github/workflows/pr-preview.yml:4',
  'workflow/checkout-persist-credentials .github/workflows/pr-preview.yml:12',
  'workflow/unpinned-action .github/workflows/pr-preview.yml:12',
  'workflow/dangerous-trigger .github/workflows/pr-preview.yml:14', // ref: ...pull_request.head.sha

  // Workflow triage.yml: an issue title expanded into a shell script (reported at the script line
  // that holds it; github.event.issue.number further down is a number, not attacker text).
  'workflow/missing-permissions .github/workflows/triage.yml:3',
  'workflow/script-injection .github/workflows/triage.yml:15',

  // Dockerfile.
  'dockerfile/root-user Dockerfile:1', // no USER; node:latest runs as root
  'dockerfile/base-image-latest Dockerfile:1',
  'dockerfile/build-tools-in-final-image Dockerfile:1', // full node image = buildpack-deps
  'dockerfile/add-instead-of-copy Dockerfile:6', // ADD of a URL without --checksum
  'dockerfile/package-cache Dockerfile:9', // apt lists not removed
  'dockerfile/apt-install-recommends Dockerfile:9',
  'dockerfile/package-install-interactive Dockerfile:9', // no -y
  'dockerfile/unpinned-package-version Dockerfile:9',
  'dockerfile/build-tools-in-final-image Dockerfile:9', // make, g++ never removed
  'dockerfile/curl-pipe-shell Dockerfile:10',
  'dockerfile/missing-pipefail Dockerfile:10',
  'dockerfile/secret-in-env-or-arg Dockerfile:13', // ENV DB_PASSWORD=...
  'dockerfile/copy-context-without-dockerignore Dockerfile:16', // COPY . . and no .dockerignore
  'dockerfile/expose-ssh Dockerfile:20',
  'dockerfile/shell-form-entrypoint Dockerfile:23', // CMD npm start

  // Committed secrets outside Kubernetes objects.
  'secrets/private-key certs/tls.key:1',
  'secrets/hardcoded-password chart/values.yaml:13', // adminPassword: "ChangeMe123!"

  // Falco rules: a shell rule with no exceptions, a macro defined nowhere, a misspelt priority.
  'falco/shell-rule-without-exception falco/orders-rules.yaml:9',
  'falco/undefined-reference falco/orders-rules.yaml:21', // trusted_debug_session
  'falco/invalid-priority falco/orders-rules.yaml:23', // WARNNING

  // Deployment: namespace, NetworkPolicy coverage and every workload-level problem.
  'k8s/default-namespace k8s/deployment.yaml:4',
  'network/no-default-deny k8s/deployment.yaml:4', // ingress: the only policy allows everything
  'network/no-default-deny k8s/deployment.yaml:4', // egress: no default-deny egress policy
  'k8s/run-as-non-root k8s/deployment.yaml:16',
  'k8s/seccomp k8s/deployment.yaml:16',
  'k8s/service-account-token k8s/deployment.yaml:17',
  'k8s/host-namespaces k8s/deployment.yaml:18', // hostNetwork: true
  'k8s/run-as-user-root k8s/deployment.yaml:20',
  'k8s/capabilities-not-dropped k8s/deployment.yaml:22',
  'k8s/missing-probes k8s/deployment.yaml:22',
  'k8s/missing-resources k8s/deployment.yaml:22',
  'k8s/privilege-escalation k8s/deployment.yaml:22',
  'k8s/writable-root-filesystem k8s/deployment.yaml:22',
  'k8s/image-tag k8s/deployment.yaml:23', // :latest
  'coherence/port-mismatch k8s/deployment.yaml:26', // containerPort 8080, Dockerfile EXPOSEs 22 and 3000
  'k8s/secret-in-env k8s/deployment.yaml:31', // DB_PASSWORD as a literal value (reported once: the secrets scan leaves workload env to this rule)
  'k8s/privileged k8s/deployment.yaml:33',
  'k8s/host-path k8s/deployment.yaml:40', // /var/run/docker.sock

  // NetworkPolicies: allow-all ingress; egress to 0.0.0.0/0 (port 80 included) without excepting
  // the metadata address.
  'network/allow-all k8s/networkpolicy.yaml:11',
  'network/metadata-egress k8s/networkpolicy.yaml:26',

  // RBAC: cluster-admin for the app's service account; a Role with * for groups, resources, verbs.
  'k8s/cluster-admin-binding k8s/rbac.yaml:14',
  'k8s/rbac-wildcard k8s/rbac.yaml:27',

  // Service: exposed through a load balancer, to a port no container declares.
  'k8s/exposed-service k8s/service.yaml:6',
  'coherence/port-mismatch k8s/service.yaml:12', // targetPort 8000
];

describe('audit of examples/insecure-repo', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await audit({ target: { folder: EXAMPLE }, today: '2026-01-01' });
  });

  it('reports exactly the pinned findings', () => {
    const actual = result.findings.map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.line}`);
    expect(actual.sort()).toEqual([...EXPECTED].sort());
  });

  it('reads every file it should and skips none', () => {
    expect(result.notes).toEqual([]);
    const read = result.repo.files.map((file) => file.path);
    for (const file of ['Dockerfile', 'certs/tls.key', 'chart/values.yaml', 'falco/orders-rules.yaml', '.github/workflows/ci.yml', 'k8s/rbac.yaml']) {
      expect(read).toContain(file);
    }
  });
});

// Every automatic fix of the kubernetes rules, on realistic manifests, through the shared harness:
// the result parses, the finding is gone, no finding of any rule appears, untouched lines and
// comments are kept. Where the exact text matters (indentation, flow style, values) it is pinned.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../../../src/audit/parse.js';
import { capabilitiesNotDropped } from '../../../../src/audit/rules/kubernetes/capabilities-not-dropped.js';
import { hostNamespaces } from '../../../../src/audit/rules/kubernetes/host-namespaces.js';
import { hostPorts } from '../../../../src/audit/rules/kubernetes/host-ports.js';
import { kubernetesRules } from '../../../../src/audit/rules/kubernetes/index.js';
import { missingProbes } from '../../../../src/audit/rules/kubernetes/missing-probes.js';
import { missingResources, resourcesFix } from '../../../../src/audit/rules/kubernetes/missing-resources.js';
import { namespacePodSecurity } from '../../../../src/audit/rules/kubernetes/namespace-pod-security.js';
import { privilegeEscalation } from '../../../../src/audit/rules/kubernetes/privilege-escalation.js';
import { privileged } from '../../../../src/audit/rules/kubernetes/privileged.js';
import { runAsNonRoot } from '../../../../src/audit/rules/kubernetes/run-as-non-root.js';
import { runAsUserRoot } from '../../../../src/audit/rules/kubernetes/run-as-user-root.js';
import { seccomp } from '../../../../src/audit/rules/kubernetes/seccomp.js';
import { serviceAccountToken } from '../../../../src/audit/rules/kubernetes/service-account-token.js';
import { writableRootFilesystem } from '../../../../src/audit/rules/kubernetes/writable-root-filesystem.js';
import { networkRules } from '../../../../src/audit/rules/network/index.js';
import { workloads } from '../../../../src/audit/support/kubernetes.js';
import { applyEdits, auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { ANCHORED, BLOCK_DEPLOYMENT, CRONJOB, FLOW_DAEMONSET, FOUR_SPACE_STATEFULSET, KUSTOMIZE_BASE } from './_fix-fixtures.js';

const block = { 'k8s/web.yaml': BLOCK_DEPLOYMENT };
const flow = { 'k8s/agent.yaml': FLOW_DAEMONSET };
const four = { 'k8s/db.yaml': FOUR_SPACE_STATEFULSET };
const cron = { 'k8s/report.yaml': CRONJOB };
const kustomize = { ...KUSTOMIZE_BASE };
const anchored = { 'k8s/list.yaml': ANCHORED };
const ALL_STYLES = [block, flow, four, cron, kustomize];

/** The fixable findings of one rule on some files. */
const fixable = (files: Record<string, string>, ruleId: string) => auditFiles(files).filter((f) => f.ruleId === ruleId && f.fix);

describe('k8s/seccomp fixes', () => {
  it('sets RuntimeDefault on the pod, in every style, without a caveat', () => {
    for (const files of [block, flow, cron, kustomize]) expect(expectCleanFix(seccomp, files)).toBeGreaterThanOrEqual(1);
    expect(fixable(block, 'k8s/seccomp').every((f) => f.fix!.caveat === undefined)).toBe(true);
    expect(fixedText(block, seccomp)['k8s/web.yaml']).toContain(
      '      securityContext:\n        # fsGroup so the volume is writable\n        fsGroup: 2000\n        seccompProfile:\n          type: RuntimeDefault\n',
    );
    expect(fixedText(flow, seccomp)['k8s/agent.yaml']).toContain('      securityContext: { seccompProfile: { type: RuntimeDefault } }\n');
  });

  it('replaces Unconfined with RuntimeDefault at 4-space indentation, with a caveat', () => {
    expect(expectCleanFix(seccomp, four)).toBe(1);
    expect(fixable(four, 'k8s/seccomp')[0]!.fix!.caveat).toMatch(/system call/);
    expect(fixedText(four, seccomp, { include: 'all' })['k8s/db.yaml']).toContain('                        seccompProfile:\n                            type: RuntimeDefault\n');
  });
});

describe('k8s/privilege-escalation fixes', () => {
  it('sets allowPrivilegeEscalation: false on init containers, containers and CronJob containers', () => {
    for (const files of ALL_STYLES.filter((f) => f !== flow)) expect(expectCleanFix(privilegeEscalation, files)).toBeGreaterThanOrEqual(1);
    expect(expectCleanFix(privilegeEscalation, block)).toBe(2);
    const fixed = fixedText(block, privilegeEscalation, { include: 'all' })['k8s/web.yaml']!;
    expect(fixed).toContain('            # TODO tighten this\n            runAsNonRoot: false\n            allowPrivilegeEscalation: false\n');
    expect(fixed).toContain('          command: ["./migrate", "up"]\n          securityContext:\n            allowPrivilegeEscalation: false\n');
  });

  it('offers nothing for a privileged container, and says why (in noFix, not the message)', () => {
    const [finding] = auditFiles(flow).filter((f) => f.ruleId === 'k8s/privilege-escalation');
    expect(finding!.fix).toBeUndefined();
    expect(finding!.noFix).toMatch(/the container runs privileged/);
  });
});

describe('k8s/capabilities-not-dropped fixes', () => {
  it('adds ALL to the drop list in block and flow style', () => {
    for (const files of ALL_STYLES) expect(expectCleanFix(capabilitiesNotDropped, files)).toBeGreaterThanOrEqual(1);
    const fixed = fixedText(block, capabilitiesNotDropped, { include: 'all' })['k8s/web.yaml']!;
    expect(fixed).toContain('              drop:\n                - NET_RAW\n                - ALL\n');
    expect(fixedText(flow, capabilitiesNotDropped, { include: 'all' })['k8s/agent.yaml']).toContain(
      'securityContext: { privileged: true, runAsUser: 0, capabilities: { drop: [ ALL ] } }',
    );
  });

  it('has no caveat for a container known to run as a non-root UID', () => {
    const files = { 'k8s/web.yaml': BLOCK_DEPLOYMENT.replace('        fsGroup: 2000\n', '        fsGroup: 2000\n        runAsUser: 10001\n') };
    expect(fixable(files, 'k8s/capabilities-not-dropped').map((f) => f.fix!.caveat)).toEqual([undefined, undefined]);
    expect(fixable(block, 'k8s/capabilities-not-dropped').every((f) => f.fix!.caveat !== undefined)).toBe(true);
  });

  it('corrects a lowercase "all" in place', () => {
    const files = { 'k8s/web.yaml': BLOCK_DEPLOYMENT.replace('- NET_RAW', '- "all"') };
    expectCleanFix(capabilitiesNotDropped, files);
    expect(fixedText(files, capabilitiesNotDropped, { include: 'all' })['k8s/web.yaml']).toContain('              drop:\n                - ALL\n');
  });
});

describe('k8s/privileged fixes', () => {
  it('sets privileged: false inside a flow mapping, with a caveat', () => {
    expect(expectCleanFix(privileged, flow)).toBe(1);
    expect(fixable(flow, 'k8s/privileged')[0]!.fix!.caveat).toMatch(/host devices/);
    expect(fixedText(flow, privileged, { include: 'all' })['k8s/agent.yaml']).toContain('securityContext: {privileged: false, runAsUser: 0}');
  });

  it('does not edit a container whose security context uses a merge key, and says why', () => {
    const [finding] = auditFiles(anchored).filter((f) => f.ruleId === 'k8s/privileged');
    expect(finding!.fix).toBeUndefined();
    expect(finding!.noFix).toMatch(/merge key/);
  });
});

describe('k8s/run-as-non-root fixes', () => {
  it('sets runAsNonRoot: true on the pod, with a caveat when the image user is unknown', () => {
    for (const files of [four, cron, kustomize]) expect(expectCleanFix(runAsNonRoot, files)).toBe(1);
    expect(fixable(cron, 'k8s/run-as-non-root')[0]!.fix!.caveat).toMatch(/runs as root/);
    expect(fixedText(cron, runAsNonRoot, { include: 'all' })['k8s/report.yaml']).toContain(
      '          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: ghcr.io/acme/report:3.1.0\n              args: [--since, 24h]\n          securityContext:\n            runAsNonRoot: true\n',
    );
  });

  it('turns a container-level false into true and covers the init container from the pod', () => {
    expect(expectCleanFix(runAsNonRoot, block)).toBe(2);
    const fixed = fixedText(block, runAsNonRoot, { include: 'all' })['k8s/web.yaml']!;
    expect(fixed).toContain('            # TODO tighten this\n            runAsNonRoot: true\n');
    expect(fixed).toContain('        fsGroup: 2000\n        runAsNonRoot: true\n');
  });

  it("takes runAsUser from the Dockerfile's numeric USER and has no caveat then", () => {
    const files = {
      'Dockerfile': 'FROM gcr.io/distroless/nodejs22-debian12:nonroot\nCOPY . /app\nUSER 10001:10001\n',
      'k8s/report.yaml': CRONJOB,
      '.github/workflows/ci.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@4f58ea79222b3b9dc2c8bbdd6debcef730109a75
        with:
          context: .
          push: true
          tags: ghcr.io/acme/report:3.1.0
`,
    };
    const [finding] = fixable(files, 'k8s/run-as-non-root');
    expect(finding!.fix!.caveat).toBeUndefined();
    expect(finding!.fix!.description).toMatch(/runAsUser: 10001/);
    expectCleanFix(runAsNonRoot, files);
    expect(fixedText(files, runAsNonRoot)['k8s/report.yaml']).toContain('              securityContext:\n                runAsUser: 10001\n');
  });

  it('offers nothing when a container runs as UID 0 or a named user, and says why', () => {
    const [root] = auditFiles(flow).filter((f) => f.ruleId === 'k8s/run-as-non-root');
    expect(root!.fix).toBeUndefined();
    expect(root!.noFix).toMatch(/container "agent" would not start, it sets runAsUser: 0/);
  });
});

describe('k8s/run-as-user-root fixes', () => {
  const built = (user: string) => ({
    'Dockerfile': `FROM debian:12-slim\nUSER ${user}\n`,
    'k8s/agent.yaml': FLOW_DAEMONSET,
    '.github/workflows/ci.yml':
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/acme/agent:2.0.1 .\n',
  });

  it("replaces runAsUser: 0 by the Dockerfile's numeric USER, with a caveat", () => {
    const files = built('65532');
    expect(expectCleanFix(runAsUserRoot, files)).toBe(1);
    expect(fixedText(files, runAsUserRoot, { include: 'all' })['k8s/agent.yaml']).toContain('securityContext: {privileged: true, runAsUser: 65532}');
  });

  it('never invents a UID: no fix without a numeric non-root USER, and the message says so', () => {
    for (const files of [flow, built('app'), built('0')]) {
      const [finding] = auditFiles(files).filter((f) => f.ruleId === 'k8s/run-as-user-root');
      expect(finding!.fix).toBeUndefined();
      expect(finding!.noFix).toMatch(/the repo does not state a non-root UID/);
    }
  });
});

describe('k8s/writable-root-filesystem fixes', () => {
  it('sets readOnlyRootFilesystem and mounts an emptyDir at /tmp, so read-only-without-tmp does not fire', () => {
    for (const files of ALL_STYLES) expect(expectCleanFix(writableRootFilesystem, files)).toBeGreaterThanOrEqual(1);
    const fixed = fixedText(block, writableRootFilesystem, { include: 'all' })['k8s/web.yaml']!;
    expect(fixed).toContain('          volumeMounts:\n            - name: data\n              mountPath: /var/lib/web\n            - name: tmp\n              mountPath: /tmp\n');
    expect(fixed).toContain('      volumes:\n        - name: data\n          emptyDir: {}\n        - name: tmp\n          emptyDir:\n            sizeLimit: 64Mi\n');
    // Both containers share the one tmp volume.
    expect(fixed.match(/- name: tmp\n {10}emptyDir/g)).toHaveLength(1);
    expect(auditFiles({ 'k8s/web.yaml': fixed }).filter((f) => f.ruleId === 'coherence/read-only-without-tmp')).toEqual([]);
  });

  it('keeps the \\r\\n line endings of a Windows-edited manifest', () => {
    const files = { 'k8s/report.yaml': CRONJOB.replace(/\n/g, '\r\n') };
    expect(expectCleanFix(writableRootFilesystem, files)).toBe(1);
    const fixed = fixedText(files, writableRootFilesystem, { include: 'all' })['k8s/report.yaml']!;
    expect(fixed).toContain('          volumes:\r\n            - name: tmp\r\n');
    expect(fixed.match(/(?<!\r)\n/g)).toBeNull();
  });

  it('carries the caveat that writes elsewhere fail', () => {
    expect(fixable(cron, 'k8s/writable-root-filesystem')[0]!.fix!.caveat).toMatch(/Writes anywhere but \/tmp/);
  });

  it('keeps 4-space indentation for the new mount and volume', () => {
    const fixed = fixedText(four, writableRootFilesystem, { include: 'all' })['k8s/db.yaml']!;
    expect(fixed).toContain('                    volumeMounts:\n                        - name: tmp\n                          mountPath: /tmp\n');
    expect(fixed).toContain('            volumes:\n                - name: tmp\n                  emptyDir:\n                      sizeLimit: 64Mi\n');
  });

  it('offers nothing when a read-only volume already sits at /tmp', () => {
    const files = { 'k8s/web.yaml': BLOCK_DEPLOYMENT.replace('mountPath: /var/lib/web', 'mountPath: /tmp\n              readOnly: true') };
    const finding = auditFiles(files).find((f) => f.ruleId === 'k8s/writable-root-filesystem' && f.message.includes('container "web"') && !f.message.includes('init'));
    expect(finding!.fix).toBeUndefined();
    expect(finding!.noFix).toMatch(/read-only volume/);
  });
});

describe('k8s/missing-resources fixes', () => {
  it('adds the conservative defaults, with a caveat', () => {
    for (const files of ALL_STYLES) expect(expectCleanFix(missingResources, files)).toBeGreaterThanOrEqual(1);
    expect(fixedText(cron, missingResources, { include: 'all' })['k8s/report.yaml']).toContain(
      '              resources:\n                requests:\n                  cpu: 100m\n                  memory: 128Mi\n                limits:\n                  cpu: 500m\n                  memory: 256Mi\n',
    );
    expect(fixable(cron, 'k8s/missing-resources')[0]!.fix!.caveat).toMatch(/real needs are unknown/);
  });

  it('never sets a request above a limit that is set, nor a limit below a request', () => {
    expect(fixedText(flow, missingResources, { include: 'all' })['k8s/agent.yaml']).toContain(
      'resources: { limits: { memory: 64Mi, cpu: 500m }, requests: { cpu: 100m, memory: 64Mi } }',
    );
    expect(fixedText(four, missingResources, { include: 'all' })['k8s/db.yaml']).toContain(
      '                    resources:\n                        requests:\n                            memory: 512Mi\n                            cpu: 100m\n                        limits:\n                            cpu: 500m\n                            memory: 512Mi\n',
    );
  });
});

describe('k8s/missing-probes fixes', () => {
  it('adds TCP startup, readiness and liveness probes on the declared port, by name or number', () => {
    expect(expectCleanFix(missingProbes, block)).toBe(1);
    expect(expectCleanFix(missingProbes, flow)).toBe(1);
    expect(fixedText(block, missingProbes, { include: 'all' })['k8s/web.yaml']).toContain(
      '              mountPath: /var/lib/web\n          startupProbe:\n            tcpSocket:\n              port: http\n            periodSeconds: 2\n            failureThreshold: 30\n' +
        '          readinessProbe:\n            tcpSocket:\n              port: http\n            periodSeconds: 10\n            failureThreshold: 3\n' +
        '          livenessProbe:\n            tcpSocket:\n              port: http\n            periodSeconds: 20\n            failureThreshold: 3\n      volumes:\n',
    );
    expect(fixedText(flow, missingProbes, { include: 'all' })['k8s/agent.yaml']).toContain('          readinessProbe:\n            tcpSocket:\n              port: 9100\n');
    expect(fixable(block, 'k8s/missing-probes')[0]!.fix!.caveat).toMatch(/listens on port http/);
  });

  it('offers nothing for a container that declares no port, and says why', () => {
    const [finding] = auditFiles(four).filter((f) => f.ruleId === 'k8s/missing-probes');
    expect(finding!.fix).toBeUndefined();
    expect(finding!.noFix).toMatch(/no TCP port/);
  });
});

describe('resourcesFix with values the user typed', () => {
  it('writes the given values instead of the defaults, and still clears the finding', () => {
    const { repo } = parseRepo('/virtual', [{ path: 'k8s/report.yaml', text: CRONJOB }]);
    const [workload] = workloads(repo);
    const outcome = resourcesFix(workload!, workload!.containers[0]!, { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    if (!('fix' in outcome)) throw new Error(outcome.reason);
    expect(outcome.fix.description).toBe('Set requests.cpu: 250m, requests.memory: 1Gi, limits.cpu: 2, limits.memory: 2Gi on container "report"');
    const fixed = applyEdits({ 'k8s/report.yaml': CRONJOB }, outcome.fix.edits);
    expect(fixed['k8s/report.yaml']).toContain('                requests:\n                  cpu: 250m\n                  memory: 1Gi\n                limits:\n                  cpu: "2"\n                  memory: 2Gi\n');
    expect(auditFiles(fixed).filter((f) => f.ruleId === 'k8s/missing-resources')).toEqual([]);
  });
});

describe('k8s/service-account-token fixes', () => {
  it('sets automountServiceAccountToken: false on the pod, or turns true into false', () => {
    for (const files of ALL_STYLES) expect(expectCleanFix(serviceAccountToken, files)).toBe(1);
    expect(fixedText(four, serviceAccountToken, { include: 'all' })['k8s/db.yaml']).toContain('            automountServiceAccountToken: false\n');
    expect(fixable(block, 'k8s/service-account-token')[0]!.fix!.caveat).toMatch(/calls the Kubernetes API/);
  });
});

describe('k8s/host-namespaces and k8s/host-ports fixes', () => {
  it('removes hostNetwork and hostPID, with a caveat', () => {
    expect(expectCleanFix(hostNamespaces, flow)).toBe(2);
    const fixed = fixedText(flow, hostNamespaces, { include: 'all' })['k8s/agent.yaml']!;
    expect(fixed).not.toMatch(/hostNetwork|hostPID/);
    expect(fixed).toContain('    spec:\n      securityContext: {}\n');
  });

  it('removes the hostPort of a flow-style port', () => {
    expect(expectCleanFix(hostPorts, flow)).toBe(1);
    expect(fixedText(flow, hostPorts, { include: 'all' })['k8s/agent.yaml']).toContain('ports: [{ containerPort: 9100 }]');
  });
});

describe('k8s/namespace-pod-security fixes', () => {
  const namespace = `# Everything the shop runs.
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    team: core   # owner
    pod-security.kubernetes.io/enforce: privileged
    pod-security.kubernetes.io/warn: baseline
`;

  it('labels a Namespace restricted (enforce, audit, warn) and keeps levels already chosen for audit or warn', () => {
    const files = { 'k8s/namespace.yaml': namespace };
    expect(expectCleanFix(namespacePodSecurity, files)).toBe(2);
    const fixed = fixedText(files, namespacePodSecurity, { include: 'all' })['k8s/namespace.yaml']!;
    expect(fixed).toContain(
      '  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/audit: restricted\n    pod-security.kubernetes.io/warn: restricted\n',
    );
    expect(fixed).toContain('    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/warn: baseline\n    pod-security.kubernetes.io/audit: restricted\n');
    expect(auditFiles(files).find((f) => f.ruleId === 'k8s/namespace-pod-security')!.fix!.caveat).toMatch(/refused/);
  });
});

describe('what is never fixed', () => {
  it('every kubernetes and network rule either has fixes or says why it has none', () => {
    const unexplained = [...kubernetesRules, ...networkRules].filter((rule) => (rule.fixable ? rule.noFix !== undefined : (rule.noFix ?? '').length < 20));
    expect(unexplained.map((rule) => rule.id)).toEqual([]);
  });

  it('does not edit through YAML anchors and aliases', () => {
    for (const finding of auditFiles(anchored).filter((f) => f.ruleId === 'k8s/seccomp' || (f.ruleId === 'k8s/run-as-non-root' && f.message.includes('"b"')))) {
      expect(finding.fix, finding.message).toBeUndefined();
      expect(finding.noFix).toMatch(/alias|anchor/);
    }
  });

  it('does not write through a scalar where a mapping belongs, and says why', () => {
    const files = { 'k8s/report.yaml': CRONJOB.replace('          restartPolicy: OnFailure\n', '          restartPolicy: OnFailure\n          securityContext: none\n') };
    const finding = auditFiles(files).find((f) => f.ruleId === 'k8s/seccomp')!;
    expect(finding.fix).toBeUndefined();
    expect(finding.noFix).toMatch(/securityContext is not a mapping/);
  });

  it('computes the edits only when they are read, once', () => {
    const finding = fixable(cron, 'k8s/seccomp')[0]!;
    const first = finding.fix!.edits;
    expect(first.length).toBeGreaterThan(0);
    expect(finding.fix!.edits).toBe(first);
    expect(JSON.parse(JSON.stringify(finding.fix))).toEqual({ description: finding.fix!.description, edits: first });
  });

  it('does not fix templated manifests (Helm)', () => {
    const files = { 'chart/templates/deployment.yaml': BLOCK_DEPLOYMENT.replace('replicas: 2', 'replicas: {{ .Values.replicas }}') };
    const findings = auditFiles(files).filter((f) => f.ruleId.startsWith('k8s/'));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.fix)).toEqual([]);
  });

  it('computes every fix from the parsed files: running a fixed file again changes nothing', () => {
    const rules = [seccomp, privilegeEscalation, writableRootFilesystem, missingResources, serviceAccountToken, capabilitiesNotDropped, runAsNonRoot];
    let files: Record<string, string> = { ...block };
    for (const rule of rules) files = fixedText(files, rule, { include: 'all' });
    for (const rule of rules) expect(fixedText(files, rule, { include: 'all' })).toEqual(files);
    expect(auditFiles(files).filter((f) => f.ruleId === 'audit/parse-error')).toEqual([]);
  });
});

// The recommended security setup on one screen: after the questions only the project can answer
// (language, entry point, port, who connects), everything else has a safe default. Showing those
// defaults together, with "accept" as the default choice, takes a project from start to review in
// a few keystrokes; "customise" asks them one by one.
import { formatClient, formatEgress } from '../../profile/to-flags.js';
import type { ProfileInput } from '../../profile/resolve.js';

export interface SetupRow {
  readonly label: string;
  readonly value: string;
  /** Something the person must act on before the setup works (a placeholder owner). */
  readonly warning?: string;
}

/** Owners that stand in for the real one until the person sets --image and --repository. */
const PLACEHOLDER_OWNERS = new Set(['example', 'owner', 'your-org', 'my-org']);

export function recommendedSetup(p: ProfileInput): SetupRow[] {
  const rows: SetupRow[] = [];
  const owner = p.repository?.split('/')[0] ?? '';
  rows.push({
    label: 'Image',
    value: `${p.image ?? '?'}:${p.imageTag ?? '?'}, built from ${p.repository ?? '?'}`,
    ...(PLACEHOLDER_OWNERS.has(owner.toLowerCase())
      ? { warning: `"${owner}" is a placeholder owner: customise --image and --repository before CI can push or sign` }
      : {}),
  });
  rows.push({ label: 'Build', value: `${p.language ?? '?'} ${p.runtimeVersion ?? ''} with ${p.buildTool ?? '?'}; distroless runtime, non-root, no shell`.replace(/ {2,}/g, ' ') });
  const writable = p.writablePaths && p.writablePaths.length > 0 ? `writable ${p.writablePaths.join(', ')} only` : 'nothing writable';
  rows.push({ label: 'Pod', value: `namespace ${p.namespace ?? '?'} (restricted), read-only root, ${writable}` });
  rows.push({ label: 'Network', value: `default deny; in: ${ingressText(p)}; out: ${egressText(p)}` });
  rows.push({ label: 'CI', value: ciText(p) });
  if (p.ci?.sign && p.ci.sign !== 'none') rows.push({ label: 'Admission', value: admissionText(p) });
  rows.push({ label: 'Falco', value: p.falco?.enabled === false ? 'no runtime rules' : 'alert on a shell, a sensitive file read, a system write or an unexpected connection in this image' });
  return rows;
}

/** The rows as aligned lines, for the screen. */
export function setupLines(rows: readonly SetupRow[]): string[] {
  const width = Math.max(...rows.map((row) => row.label.length));
  return rows.flatMap((row) => [
    `${row.label.padEnd(width)}  ${row.value}`,
    ...(row.warning ? [`${' '.repeat(width)}  ⚠ ${row.warning}`] : []),
  ]);
}

function ingressText(p: ProfileInput): string {
  if (p.exposure === 'none') return 'nothing (a worker)';
  if (p.exposure === 'internal') return `only ${(p.clients ?? []).map((client) => formatClient(client)).join(', ') || '(no clients yet)'}, on port ${p.port ?? '?'}`;
  const via = p.route?.kind === 'ingress' ? 'an Ingress' : `an HTTPRoute on the Gateway ${p.route?.gateway?.namespace ?? '?'}/${p.route?.gateway?.name ?? '?'}`;
  return `via ${via}, only from pods in ${p.ingress?.namespace ?? '?'}, on port ${p.port ?? '?'}`;
}

function egressText(p: ProfileInput): string {
  const rules = (p.egress ?? []).map((egress) => formatEgress(egress));
  return rules.length === 0 ? 'DNS only' : `DNS, ${rules.join(', ')}`;
}

function ciText(p: ProfileInput): string {
  const system = p.ci?.system;
  if (!system || system === 'none') return 'none: no build, scan or signature';
  const name = system === 'github' ? 'GitHub Actions' : 'GitLab CI';
  const gate = `Trivy gate on ${(p.ci?.severity ?? []).join(',') || '?'}`;
  const sign = p.ci?.sign === 'keyless' ? 'keyless signature' : p.ci?.sign === 'key' ? 'cosign key signature' : 'unsigned';
  return `${name}: build, ${gate}${p.ci?.sbom ? ', SBOM' : ''}, ${sign}`;
}

function admissionText(p: ProfileInput): string {
  if (p.admission === 'kyverno') return 'Kyverno ImageValidatingPolicy: only signed images of this repository run';
  if (p.admission === 'sigstore') return 'Sigstore ClusterImagePolicy: only signed images of this repository run';
  return 'none: signatures are made but never checked';
}

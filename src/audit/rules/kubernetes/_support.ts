// What the kubernetes rules share beyond the workload model (src/audit/support/kubernetes.ts):
// security contexts with pod-level inheritance, the Pod Security Standards exemptions, and the
// `pss:` refs each finding carries for the level it violates.
import { type Mapping, mappingOf, type PodContainer, type Workload } from '../../support/kubernetes.js';
import type { Location } from '../../types.js';

export {
  containerAt,
  isKind,
  kubeObjects,
  labelsOf,
  listOf,
  type Mapping,
  mappingOf,
  namespaceOf,
  type PodContainer,
  stringOf,
  type Workload,
  workloads,
} from '../../support/kubernetes.js';

export type PssLevel = 'baseline' | 'restricted';

export function pss(level: PssLevel, control: string): string {
  return `pss:${level}:${control}`;
}

/** The refs of one finding: its PSS control at the level it violates, plus the rule's tool refs. */
export function refsFor(level: PssLevel, control: string, toolRefs: readonly string[]): string[] {
  return [pss(level, control), ...toolRefs];
}

export function podSecurityContext(workload: Workload): Mapping {
  return mappingOf(workload.spec.securityContext);
}

export function containerSecurityContext(container: PodContainer): Mapping {
  return mappingOf(container.data.securityContext);
}

/** Security context fields a container inherits from the pod when it does not set them itself. */
export type InheritedField = 'runAsNonRoot' | 'runAsUser' | 'seccompProfile' | 'seLinuxOptions' | 'appArmorProfile' | 'windowsOptions';

export interface EffectiveValue {
  readonly value: unknown;
  readonly from: 'container' | 'pod';
  /** Where the value is set. */
  readonly at: Location;
}

/** The value that applies to a container: its own securityContext field, else the pod's. */
export function effective(workload: Workload, container: PodContainer, field: InheritedField): EffectiveValue | undefined {
  const own = containerSecurityContext(container)[field];
  if (own !== undefined && own !== null) return { value: own, from: 'container', at: container.locate(['securityContext', field]) };
  const inherited = podSecurityContext(workload)[field];
  if (inherited !== undefined && inherited !== null) return { value: inherited, from: 'pod', at: workload.locate(['securityContext', field]) };
  return undefined;
}

/** Pods with `spec.os.name: windows` skip the Restricted privilege escalation, seccomp and capabilities checks. */
export function isWindowsPod(workload: Workload): boolean {
  return mappingOf(workload.spec.os).name === 'windows';
}

/** Pods in a user namespace (`hostUsers: false`) are exempt from the runAsNonRoot/runAsUser checks and baseline procMount. */
export function usesUserNamespace(workload: Workload): boolean {
  return workload.spec.hostUsers === false;
}

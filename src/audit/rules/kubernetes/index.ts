// The kubernetes rules, in catalogue order: the Pod Security Standards controls (Baseline, then
// Restricted), then workload hygiene, RBAC and namespaces.
import type { Rule } from '../../types.js';
import { addedCapabilities } from './added-capabilities.js';
import { apparmor } from './apparmor.js';
import { capabilitiesNotDropped } from './capabilities-not-dropped.js';
import { clusterAdminBinding } from './cluster-admin-binding.js';
import { defaultNamespace } from './default-namespace.js';
import { exposedService } from './exposed-service.js';
import { hostNamespaces } from './host-namespaces.js';
import { hostPath } from './host-path.js';
import { hostPorts } from './host-ports.js';
import { hostProcess } from './host-process.js';
import { imageTagRule } from './image-tag.js';
import { missingProbes } from './missing-probes.js';
import { missingResources } from './missing-resources.js';
import { namespacePodSecurity } from './namespace-pod-security.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { privileged } from './privileged.js';
import { probeHost } from './probe-host.js';
import { procMount } from './proc-mount.js';
import { rbacDangerousPermissions } from './rbac-dangerous-permissions.js';
import { rbacWildcard } from './rbac-wildcard.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { runAsUserRoot } from './run-as-user-root.js';
import { seccomp } from './seccomp.js';
import { secretInEnv } from './secret-in-env.js';
import { selinux } from './selinux.js';
import { serviceAccountToken } from './service-account-token.js';
import { sysctls } from './sysctls.js';
import { volumeTypes } from './volume-types.js';
import { writableRootFilesystem } from './writable-root-filesystem.js';

export const kubernetesRules: readonly Rule[] = [
  // Pod Security Standards, Baseline
  hostProcess,
  hostNamespaces,
  privileged,
  addedCapabilities,
  hostPath,
  hostPorts,
  probeHost,
  apparmor,
  selinux,
  procMount,
  seccomp,
  sysctls,
  // Pod Security Standards, Restricted
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsUserRoot,
  capabilitiesNotDropped,
  // Workload hygiene
  writableRootFilesystem,
  missingResources,
  imageTagRule,
  serviceAccountToken,
  secretInEnv,
  missingProbes,
  defaultNamespace,
  // Cluster access and exposure
  rbacWildcard,
  rbacDangerousPermissions,
  clusterAdminBinding,
  namespacePodSecurity,
  exposedService,
];

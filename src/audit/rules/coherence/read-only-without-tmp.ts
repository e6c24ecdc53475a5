// readOnlyRootFilesystem is right, but most runtimes and libraries write to /tmp; without a
// writable mount there the app fails at the first temporary file.
import { posix } from 'node:path';
import { addTmpMount, type FixOutcome, noFix, TMP_SIZE_LIMIT, tmpPlan, withFix, yamlFix } from '../../fix/kubernetes.js';
import { listOf, mappingOf, type PodContainer, stringOf, type Workload, workloads } from '../../support/kubernetes.js';
import { defineRule, type Repo } from '../../types.js';
import { containerSecurityContext } from '../kubernetes/_support.js';

const PROFILE_FILE = '.secure-container.yaml';

/**
 * Apps whose create-secure-container profile (in the repo) declares `writablePaths: []`: their
 * authors said the app writes nowhere, so a read-only /tmp is intended.
 */
function declaredReadOnlyApps(repo: Repo): Set<string> {
  const apps = new Set<string>();
  for (const document of repo.yaml) {
    if (posix.basename(document.file.path) !== PROFILE_FILE) continue;
    const profile = mappingOf(mappingOf(document.data).profile);
    const name = stringOf(profile.name);
    if (name && Array.isArray(profile.writablePaths) && profile.writablePaths.length === 0) apps.add(name);
  }
  return apps;
}

function coversTmp(mountPath: string): boolean {
  const path = posix.normalize(mountPath).replace(/\/$/, '') || '/';
  return path === '/tmp' || path === '/' || '/tmp'.startsWith(`${path}/`);
}

export const readOnlyWithoutTmp = defineRule({
  id: 'coherence/read-only-without-tmp',
  area: 'coherence',
  severity: 'info',
  title: 'Read-only root filesystem without a writable /tmp',
  why: 'With readOnlyRootFilesystem every write outside a volume fails; runtimes (JVM, Python, Node), TLS libraries and upload handlers write to /tmp, often only under load.',
  detect:
    'A container or init container sets readOnlyRootFilesystem: true and has no writable volumeMount at /tmp or a parent of it. Skipped for an app whose ' +
    `${PROFILE_FILE} profile in the repo declares writablePaths: [] (its authors stated it writes nowhere).`,
  fix: 'Mount an emptyDir at /tmp (`volumes: [{name: tmp, emptyDir: {sizeLimit: 64Mi}}]`, `volumeMounts: [{name: tmp, mountPath: /tmp}]`).',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    const readOnlyApps = declaredReadOnlyApps(repo);
    for (const workload of workloads(repo)) {
      if (readOnlyApps.has(workload.object.name ?? '')) continue;
      for (const container of workload.containers) {
        if (container.list === 'ephemeralContainers' || containerSecurityContext(container).readOnlyRootFilesystem !== true) continue;
        const writable = listOf(container.data.volumeMounts)
          .map(mappingOf)
          .some((mount) => mount.readOnly !== true && coversTmp(stringOf(mount.mountPath) ?? ''));
        if (writable) continue;
        report(
          withFix(
            {
              location: container.locate(['securityContext', 'readOnlyRootFilesystem']),
              message: `${container.label} of ${workload.label} has a read-only root filesystem and no writable volume at /tmp; anything that writes a temporary file will fail.`,
            },
            tmpMount(workload, container),
          ),
        );
      }
    }
  },
});

/**
 * An emptyDir (sizeLimit 64Mi) mounted at /tmp: a fresh, empty, writable /tmp is what runtimes
 * expect. Safe, except that it hides whatever the image itself put in /tmp.
 */
function tmpMount(workload: Workload, container: PodContainer): FixOutcome {
  const plan = tmpPlan(workload, container);
  if (plan.kind !== 'add') return noFix(plan.kind === 'blocked' ? plan.reason : 'a writable mount already covers /tmp');
  return yamlFix(workload.object.document, {
    description: `Mount an emptyDir ("${plan.volume}", sizeLimit ${TMP_SIZE_LIMIT}) at /tmp in ${container.label}`,
    caveat: 'The emptyDir hides anything the image itself put in /tmp; check that the app does not ship files there.',
    touches: [[...container.path, 'volumeMounts'], [...workload.podPath, 'volumes']],
    edit: (editor) => addTmpMount(editor, workload, container, plan),
  });
}

// PSS Restricted "Volume Types": only volume sources that cannot reach node or network storage
// outside the cluster's control.
import { defineRule } from '../../types.js';
import { listOf, mappingOf, stringOf, workloads } from './_support.js';

export const ALLOWED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
]);

export const volumeTypes = defineRule({
  id: 'k8s/volume-types',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Volume type outside the Restricted set',
  why: 'Inline volume sources such as nfs, iscsi, rbd, gitRepo or cloud disks bypass PersistentVolume administration and, for gitRepo, run git on the node.',
  detect:
    'A spec.volumes entry uses a source other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret. ' +
    'hostPath is reported by k8s/host-path (a Baseline violation) and not repeated here.',
  fix: 'Use a persistentVolumeClaim (the administrator binds the storage) or one of the allowed sources.',
  refs: ['pss:restricted:volumeTypes', 'trivy:KSV-0028'],
  noFix: 'Replacing the volume source with an allowed one changes where the data lives; only a person can migrate it.',
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      listOf(workload.spec.volumes).forEach((raw, i) => {
        const volume = mappingOf(raw);
        const sources = Object.keys(volume).filter((key) => key !== 'name');
        if (sources.includes('hostPath') || sources.some((source) => ALLOWED_VOLUME_TYPES.has(source))) return;
        const name = stringOf(volume.name) ?? `#${i + 1}`;
        const source = sources[0];
        report({
          location: source ? workload.locate(['volumes', i, source], 'key') : workload.locate(['volumes', i]),
          message: `${workload.label} volume "${name}" uses ${source ? `the ${source} volume source` : 'no recognised volume source'}, which the Restricted policy does not allow.`,
        });
      });
    }
  },
});

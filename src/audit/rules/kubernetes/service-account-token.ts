// The service account token is mounted into every pod by default; most apps never call the API.
import { withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { isKind, kubeObjects, namespaceOf, stringOf, workloads } from './_support.js';

export const serviceAccountToken = defineRule({
  id: 'k8s/service-account-token',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Service account token mounted',
  why: 'A mounted token lets anyone who gets code execution in the pod talk to the Kubernetes API with the service account\'s rights.',
  detect:
    'The pod does not set automountServiceAccountToken: false, and its ServiceAccount (serviceAccountName, else "default") is not defined in the repo ' +
    'with automountServiceAccountToken: false in the same namespace. A pod-level true overrides the ServiceAccount and is always reported.',
  fix:
    'Set `automountServiceAccountToken: false` on the pod or its dedicated ServiceAccount; mount a projected token only where the API is needed. ' +
    'The automatic fix sets it on the pod, with a caveat: an app that calls the Kubernetes API needs the token.',
  refs: ['trivy:KSV-0036'],
  fixable: true,
  check({ repo, report }) {
    const tokenless = new Set<string>();
    for (const object of kubeObjects(repo)) {
      if (isKind(object, 'ServiceAccount', '') && object.data.automountServiceAccountToken === false && object.name) {
        tokenless.add(key(namespaceOf(repo, object), object.name));
      }
    }
    for (const workload of workloads(repo)) {
      const podValue = workload.spec.automountServiceAccountToken;
      if (podValue === false) continue;
      const account = stringOf(workload.spec.serviceAccountName) ?? stringOf(workload.spec.serviceAccount) ?? 'default';
      const path = [...workload.podPath, 'automountServiceAccountToken'];
      const fix = () =>
        yamlFix(workload.object.document, {
          description: 'Set automountServiceAccountToken: false on the pod',
          caveat: `An app that calls the Kubernetes API (leader election, operators, service discovery through the API) needs the token of "${account}": check it does not.`,
          touches: [path],
          edit: (editor) => editor.set(path, false),
        });
      if (podValue === true) {
        report(withFix({ location: workload.locate(['automountServiceAccountToken']), message: `${workload.label} sets automountServiceAccountToken: true.` }, fix()));
        continue;
      }
      if (tokenless.has(key(workload.namespace, account))) continue;
      const named = 'serviceAccountName' in workload.spec ? ['serviceAccountName'] : 'serviceAccount' in workload.spec ? ['serviceAccount'] : undefined;
      report(
        withFix(
          {
            location: named ? workload.locate(named) : workload.at,
            message: `${workload.label} mounts the token of service account "${account}", which is not defined in the repo with automountServiceAccountToken: false.`,
          },
          fix(),
        ),
      );
    }
  },
});

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

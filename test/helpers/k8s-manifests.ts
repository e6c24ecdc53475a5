// The Kubernetes manifests plan() generates for a profile, parsed and picked out by kind, for
// tests that check what the manifests say (schema, Pod Security, network, coherence).
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { type PlannedFile, plan } from '../../src/generate/plan.js';
import type { Profile } from '../../src/profile/schema.js';
import { kindOf, parseManifests } from './k8s-schema.js';

export const KUSTOMIZATION = 'k8s/kustomization.yaml';

export interface GeneratedManifests {
  /** The generated files under k8s/, in plan order, with their parsed documents. */
  readonly files: readonly (PlannedFile & { readonly documents: readonly unknown[] })[];
  /** Every document of every file but the kustomization. */
  readonly documents: readonly unknown[];
  readonly namespace: INamespace;
  readonly serviceAccount: IServiceAccount;
  readonly deployment: IDeployment;
  readonly service: IService | undefined;
  readonly podDisruptionBudget: IPodDisruptionBudget | undefined;
  readonly networkPolicies: readonly INetworkPolicy[];
  readonly kustomization: unknown;
}

export function generatedManifests(profile: Profile): GeneratedManifests {
  const files = plan(profile)
    .filter((file) => file.path.startsWith('k8s/'))
    .map((file) => ({ ...file, documents: parseManifests(file.content, file.path) }));
  const documents = files.filter((file) => file.path !== KUSTOMIZATION).flatMap((file) => file.documents);
  const ofKind = <T>(key: string) => documents.filter((document) => kindOf(document) === key) as T[];
  const single = <T>(key: string): T | undefined => {
    const found = ofKind<T>(key);
    if (found.length > 1) throw new Error(`expected at most one ${key}, found ${found.length}`);
    return found[0];
  };
  const required = <T>(key: string): T => {
    const found = single<T>(key);
    if (!found) throw new Error(`no ${key} generated`);
    return found;
  };
  return {
    files,
    documents,
    namespace: required('v1 Namespace'),
    serviceAccount: required('v1 ServiceAccount'),
    deployment: required('apps/v1 Deployment'),
    service: single('v1 Service'),
    podDisruptionBudget: single('policy/v1 PodDisruptionBudget'),
    networkPolicies: ofKind('networking.k8s.io/v1 NetworkPolicy'),
    kustomization: files.find((file) => file.path === KUSTOMIZATION)?.documents[0],
  };
}

import { defineRule } from '../../types.js';
import { matchesOfKind } from './_support.js';

export const kubernetesSecret = defineRule({
  id: 'secrets/kubernetes-secret',
  area: 'secrets',
  severity: 'medium',
  title: 'Kubernetes Secret with values committed',
  why: 'The data of a Secret is only base64-encoded: committing the manifest publishes the values to everyone who can read the repository.',
  detect:
    'A Secret object with at least one non-empty value under data or stringData, or a kustomization secretGenerator with ' +
    'literals. SealedSecrets, ExternalSecrets and SOPS-encrypted files are not Secrets in clear and are not reported.',
  fix: 'Keep only a reference in Git: an ExternalSecret (External Secrets Operator), a SealedSecret, or a SOPS-encrypted file; create the Secret itself in the cluster.',
  refs: [],
  noFix: 'The values must move to an external secret store (Sealed Secrets, External Secrets, SOPS) and be rotated.',
  check({ repo, report }) {
    for (const match of matchesOfKind(repo, 'kubernetes-secret')) report({ location: match.location, message: match.message, ...(match.severity && { severity: match.severity }) });
  },
});

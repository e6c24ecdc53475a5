import { defineRule } from '../../types.js';
import { matchesOfKind } from './_support.js';

export const hardcodedPassword = defineRule({
  id: 'secrets/hardcoded-password',
  area: 'secrets',
  severity: 'high',
  title: 'Password or secret written into YAML',
  why: 'A literal password in a values file, manifest or compose file is committed with the code, shared with everyone who can read it, and usually deployed unchanged.',
  detect:
    'A YAML string value whose key names a secret (password, passwd, passphrase, secret, token, apiKey, privateKey, ' +
    'clientSecret... but not ...File, ...Name, ...Ref, existingSecret), an env entry {name: <such a name>, ' +
    'value: "..."} outside a workload manifest (k8s/secret-in-env reports those of Pods, Deployments and other workloads), or a compose-style `NAME=value` list item, whose value is a literal: not empty, not ${...}, $(...), ' +
    '{{ ... }}, <placeholder>, env://..., SOPS ENC[...], a boolean or a short number. Default passwords such as ' +
    '"ChangeMe123!" are reported too: they get deployed. Secret, SealedSecret and ExternalSecret objects are left to ' +
    'secrets/kubernetes-secret. Values shown redacted.',
  fix: 'Reference the secret instead (valueFrom.secretKeyRef, existingSecret, ${{ secrets.X }}), and create it outside Git (a secret manager, External Secrets, Sealed Secrets or SOPS).',
  refs: [],
  noFix: 'The password must move to a secret store and be rotated; removing it from the file leaves it in the history.',
  check({ repo, report }) {
    for (const match of matchesOfKind(repo, 'password')) report({ location: match.location, message: match.message, ...(match.severity && { severity: match.severity }) });
  },
});

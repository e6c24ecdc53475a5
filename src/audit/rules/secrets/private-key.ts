import { defineRule } from '../../types.js';
import { matchesOfKind } from './_support.js';

export const privateKey = defineRule({
  id: 'secrets/private-key',
  area: 'secrets',
  severity: 'critical',
  title: 'Private key committed',
  why: 'Anyone with read access to the repository (or any clone, fork or CI cache of it, forever) can impersonate the key\'s owner: sign, decrypt, or log in.',
  detect:
    'A PEM block `-----BEGIN ... PRIVATE KEY-----` (RSA, EC, DSA, OPENSSH, PGP, PKCS#8...) in any scanned file, also with ' +
    'escaped \\n inside JSON or YAML strings. Encrypted keys (ENCRYPTED PRIVATE KEY, Proc-Type: 4,ENCRYPTED) are high, ' +
    'others critical. Keys inside a GCP service-account file are reported by secrets/cloud-credential instead. The key is shown redacted.',
  fix: 'Revoke the key and issue a new one, remove it from the repository history (git filter-repo), and load keys at run time from a secret store or a Kubernetes Secret created outside Git.',
  refs: [],
  noFix: 'A committed private key must be revoked and replaced; removing the file leaves it in the history.',
  check({ repo, report }) {
    for (const match of matchesOfKind(repo, 'private-key')) report({ location: match.location, message: match.message, ...(match.severity && { severity: match.severity }) });
  },
});

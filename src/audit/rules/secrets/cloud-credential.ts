import { defineRule } from '../../types.js';
import { matchesOfKind } from './_support.js';

export const cloudCredential = defineRule({
  id: 'secrets/cloud-credential',
  area: 'secrets',
  severity: 'critical',
  title: 'Cloud credential committed',
  why: 'A cloud key gives whoever finds it the permissions of its account, usually far beyond the app: data, infrastructure and bills.',
  detect:
    'AWS access key ids (AKIA/ASIA...) with a secret access key (aws_secret_access_key, secretAccessKey = 40 characters) ' +
    'within 5 lines (critical; an id alone is medium, a secret alone high); Google Cloud service-account JSON ' +
    '("type": "service_account" with a private_key); Azure storage connection strings (AccountKey=), shared access keys ' +
    'and SAS signatures. AWS documentation examples (…EXAMPLE) and the public Azurite emulator key are ignored.',
  fix: 'Deactivate the key in the cloud console now, remove it from history, and use workload identity (IRSA, GKE Workload Identity, Azure Workload Identity) or a secret manager instead of static keys.',
  refs: [],
  noFix: 'A committed credential must be revoked and rotated; removing it from the file leaves it in the history and in every copy.',
  check({ repo, report }) {
    for (const match of matchesOfKind(repo, 'cloud-credential')) report({ location: match.location, message: match.message, ...(match.severity && { severity: match.severity }) });
  },
});

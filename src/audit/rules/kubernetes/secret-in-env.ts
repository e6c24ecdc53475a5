// Secrets written into the manifest as env values: they end up in git, in `kubectl get -o yaml`
// for anyone who can read the workload, and in every copy of the manifest.
import { withFix, yamlFix } from '../../fix/kubernetes.js';
import { isPlaceholderValue } from '../../support/secrets.js';
import { defineRule } from '../../types.js';
import { listOf, mappingOf, stringOf, workloads } from './_support.js';

/** Names that carry a credential. Matched on word boundaries of UPPER_SNAKE, camelCase or kebab names. */
const SECRET_NAME = /(?:^|[_.-])(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API[_-]?KEY|APIKEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY|SECRET[_-]?KEY|CREDENTIALS?|AUTH|CLIENT[_-]?SECRET|DSN|CONNECTION[_-]?STRING)(?:$|[_.-])/i;
/** Suffixes that name a reference to a secret, or a setting about it, rather than the secret itself. */
const NOT_A_SECRET =
  /[_.-](?:FILE|PATH|DIR|TTL|TIMEOUT|EXPIRY|EXPIRES|LENGTH|HEADER|NAME|ENABLED|ENABLE|DISABLED|TYPE|MODE|METHOD|PROVIDER|ISSUER|AUDIENCE|REF|URL|URI|HOST|HOSTNAME|ENDPOINT|DOMAIN|SERVER|PORT|USER|USERNAME|ID|REGION|SCOPES?|ALGORITHM)$/i;
/** user:password@ in a URL (postgres://app:s3cret@db/app), whatever the variable is called. */
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/** Values that are not credentials whatever the name says: empty, booleans, numbers, paths, $(VAR) references. */
function looksLikeAValue(value: string): boolean {
  const trimmed = value.trim();
  return (
    trimmed.length === 0 ||
    /^(?:true|false|yes|no|on|off|none|null|changeme|required|optional)$/i.test(trimmed) ||
    /^\d+[smhd]?$/.test(trimmed) ||
    trimmed.startsWith('/') ||
    /^\$\(.+\)$/.test(trimmed) ||
    /^\$\{.+\}$/.test(trimmed)
  );
}

export function isSecretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return SECRET_NAME.test(words) && !NOT_A_SECRET.test(words);
}

/** What a Secret's data keys may be (the API's validation), so the variable's own name can be the key. */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** `<workload>-secrets`, when that is still a valid object name (a DNS subdomain of at most 253 characters). */
function secretNameFor(workload: string | undefined): string | undefined {
  const name = workload ? `${workload}-secrets` : undefined;
  return name && name.length <= 253 && /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/.test(name) ? name : undefined;
}

export const secretInEnv = defineRule({
  id: 'k8s/secret-in-env',
  area: 'kubernetes',
  severity: 'high',
  title: 'Secret written as an env value',
  why: 'A credential written into the manifest is in version control, in every rendered copy and readable by anyone who can read the workload object.',
  detect:
    'An env entry of a container has a credential-like name (PASSWORD, SECRET, TOKEN, API_KEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS, DSN, …) and a literal ' +
    '`value` that is not empty, a boolean, a number, a path, a $(VAR) reference or a placeholder (GOOGLE_API_KEY_VAL, YOUR_TOKEN, replace-me) ' +
    '(names ending in _FILE, _PATH, _URL, _TTL and similar are settings, not secrets); ' +
    'or any env value that is a URL with user:password@ in it.',
  fix: 'Move the value into a Secret (created outside git, e.g. by External Secrets or sealed-secrets) and use `valueFrom.secretKeyRef`, or mount it as a file.',
  refs: ['kube-linter:env-var-secret'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        listOf(container.data.env).forEach((raw, i) => {
          const entry = mappingOf(raw);
          const name = stringOf(entry.name);
          const value = entry.value;
          if (!name || value === undefined || value === null || typeof value === 'object') return;
          const text = String(value);
          const inUrl = URL_CREDENTIALS.test(text) && !/:\/\/[^/\s:@]+:\$\(/.test(text);
          if (!inUrl && (!isSecretName(name) || looksLikeAValue(text) || isPlaceholderValue(text, name))) return;
          const secret = secretNameFor(workload.object.name);
          const key = SECRET_KEY.test(name) ? name : undefined;
          const envPath = [...container.path, 'env', i];
          report(
            withFix(
              {
                location: container.locate(['env', i, 'value']),
                message: inUrl
                  ? `${container.label} of ${workload.label} sets ${name} to a URL with a password in the manifest.`
                  : `${container.label} of ${workload.label} sets ${name} to a literal value in the manifest.`,
              },
              secret && key
                ? yamlFix(workload.object.document, {
                    description: `read ${name} from key ${key} of Secret ${secret}`,
                    // The value itself never appears in the caveat, the diff's description or any message.
                    caveat:
                      `The pod will not start until Secret ${secret} with key ${key} exists: create it outside git ` +
                      `(kubectl create secret generic ${secret} --from-literal=${key}=…, External Secrets or sealed-secrets), ` +
                      'and rotate the value: the old one stays in the git history.',
                    touches: [[...envPath, 'value'], [...envPath, 'valueFrom']],
                    edit: (editor) => {
                      editor.delete([...envPath, 'value']);
                      editor.set([...envPath, 'valueFrom'], { secretKeyRef: { name: secret, key } });
                    },
                  })
                : { reason: 'The workload has no name to name its Secret after, or the variable name is not a valid Secret key.' },
            ),
          );
        });
      }
    }
  },
});

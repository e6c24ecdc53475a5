// What a secret looks like by name and by value, shared by the Dockerfile rules (ENV/ARG) and the
// secrets rules (YAML values), plus the redaction every message that mentions a secret uses.

/** Split a name into lower-case words: DB_PASSWORD, dbPassword and db-password all give [db, password]. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

const SECRET_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'pwd']);
/** Pairs of adjacent words that name a secret: api_key, private_key, access_key, secret_key, auth_token. */
const SECRET_PAIRS = [
  ['api', 'key'],
  ['private', 'key'],
  ['access', 'key'],
  ['secret', 'key'],
  ['client', 'secret'],
  ['signing', 'key'],
  ['encryption', 'key'],
  ['master', 'key'],
  ['account', 'key'],
];
/** A last word that makes the name about a secret rather than the secret itself (DB_PASSWORD_FILE, tokenUrl, existingSecret...). */
const REFERENCE_SUFFIXES = new Set([
  'file', 'files', 'path', 'dir', 'directory', 'url', 'uri', 'endpoint', 'name', 'names', 'ref', 'reference', 'length', 'ttl',
  'expiry', 'expiration', 'expires', 'timeout', 'type', 'header', 'policy', 'enabled', 'required', 'provider', 'mode',
  'selector', 'namespace', 'env', 'id', 'key', 'keys', 'template', 'format', 'regex', 'pattern', 'hash', 'version', 'rotation',
  // Settings about a secret, not the secret: password_encryption: scram-sha-256, token_lifetime: 1h.
  'encryption', 'algorithm', 'algo', 'method', 'scheme', 'strength', 'complexity', 'min', 'max', 'minimum', 'maximum',
  'lifetime', 'duration', 'interval', 'hint', 'field', 'label', 'prompt', 'placeholder', 'source', 'store', 'backend',
  'scope', 'scopes', 'audience', 'issuer', 'algorithms',
  // Text and counts about a secret (GH_AW_TOKEN_USAGE_SUMMARY_TITLE, token_count, password_message).
  'title', 'summary', 'message', 'description', 'text', 'usage', 'count', 'limit', 'budget', 'usages', 'stats',
]);
/** Names that are never secrets although they contain a secret word (id-token is a GitHub Actions permission). */
const NOT_SECRET_NAMES = new Set(['automount_service_account_token', 'existing_secret', 'id_token']);

/** Names trivy's DS-0031 lists explicitly (a credential even when no word above matches). */
const KNOWN_SECRET_NAMES = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AZURE_CLIENT_SECRET', 'GITHUB_TOKEN', 'OPENAI_API_KEY', 'HF_TOKEN']);
const KNOWN_SECRET_SUFFIXES = [...KNOWN_SECRET_NAMES].map((known) => `_${known}`);
/** A substring of every name isSecretName accepts (password, passwd and passphrase share `pass`; apikey and every pair share `key` or `secret`). */
const SECRET_HINT = /pass|secret|token|key|credential|pwd/i;

/**
 * Whether a variable or key name names a secret value: it contains password, passwd, passphrase,
 * secret, token, apikey or credential(s) as a word, or api/private/access/secret/... key as two
 * words; unless its last word says it holds a reference to one (a file, path, URL, name, ref, id,
 * length...). Plural `secrets` (a list of references in most schemas) does not count.
 */
export function isSecretName(name: string): boolean {
  // Every secret word, pair and known name contains one of these: most keys (name, image, ports)
  // are answered here, without splitting them into words (the secrets scan asks for every key).
  return SECRET_HINT.test(name) && namesSecretByWords(name);
}

/** isSecretName without its shortcut (exported for the test that checks the shortcut drops no name). */
export function namesSecretByWords(name: string): boolean {
  const upper = name.toUpperCase().replace(/-/g, '_');
  // Also with a prefix: VITE_AWS_ACCESS_KEY_ID, NEXT_PUBLIC_OPENAI_API_KEY.
  if (KNOWN_SECRET_NAMES.has(upper) || KNOWN_SECRET_SUFFIXES.some((suffix) => upper.endsWith(suffix))) return true;
  const words = nameWords(name);
  if (words.length === 0 || NOT_SECRET_NAMES.has(words.join('_'))) return false;
  if (words.length === 1 && words[0] === 'pwd') return false; // the shell's working directory
  const last = words.at(-1)!;
  const hasPair = SECRET_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
  if (hasPair && (last === 'key' || !REFERENCE_SUFFIXES.has(last))) return true;
  if (REFERENCE_SUFFIXES.has(last)) return false;
  if (words[0] === 'existing') return false; // Helm's existingSecret: the name of a Secret object
  return words.some((w) => SECRET_WORDS.has(w));
}

/**
 * Whether a value is a literal that would be used as the secret, as opposed to a reference or a
 * template: empty, ${VAR}/$VAR/$(VAR), {{ template }}, <placeholder>, env://..., masked (****,
 * xxxx), booleans and short numbers (flags, not secrets), SOPS ENC[...] values.
 */
export function isLiteralSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  // indexOf, not /\$\{[^}]*\}/: that pattern is quadratic on a line of repeated `${`.
  if (hasPairAfter(v, '${', '}') || hasPairAfter(v, '{{', '}}')) return false;
  if (/\$\([A-Za-z_][A-Za-z0-9_]*\)|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return false;
  if (/^<[^<>]*>$/.test(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/\S*$/i.test(v) && /^(env|file|vault|ref\+\w+|awssm|gcpsm|azkv|k8s|secret|op):\/\//i.test(v)) return false;
  if (/^ENC\[[A-Z0-9_]+,data:/.test(v)) return false;
  if (/^(.)\1*$/.test(v) && /^[*xX.#-]/.test(v)) return false;
  if (/^(true|false|yes|no|on|off|null|none|~)$/i.test(v)) return false;
  if (/^\d{1,6}$/.test(v)) return false;
  // An absolute path names where the secret is (GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json).
  if (/^(?:\/|~\/)[\w.@+/-]+$/.test(v)) return false;
  return true;
}

/**
 * A value that stands for the secret rather than being it, and would not work as one: the
 * variable's own name in capitals (GOOGLE_API_KEY_VAL for GOOGLE_API_KEY), a capitals marker
 * (YOUR_API_KEY, API_KEY_HERE, PLACEHOLDER), or an instruction (your-api-key, insert_token_here).
 * A default that does work as a password (changeme, CHANGE_ME, example-pass) is not a placeholder.
 */
export function isPlaceholderValue(value: string, name?: string): boolean {
  const v = value.trim();
  if (v.length > 200) return false;
  if (/^(?:your|insert|put|enter)[-_ ]/i.test(v) || /^(?:todo|tbd|fixme|placeholder|redacted)$/i.test(v)) return true;
  if (!/^[A-Z][A-Z0-9_]*$/.test(v)) return false;
  if (/(?:^|_)(?:YOUR|PLACEHOLDER|TODO|HERE)(?:_|$)/.test(v)) return true;
  const upper = name?.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return upper !== undefined && upper.length >= 4 && v.includes(upper);
}

/** Whether `open` occurs in text with `close` somewhere after it. */
function hasPairAfter(text: string, open: string, close: string): boolean {
  const at = text.indexOf(open);
  return at >= 0 && text.indexOf(close, at + open.length) >= 0;
}

/** A DNS-1123 subdomain with a separator: how Secret objects are named (keycloak-tls, db.credentials). */
const OBJECT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,251}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?){0,20}$/;

/**
 * Whether `name: value` names a Secret object rather than holding a secret: a qualified name
 * ending in "secret" (tlsSecret, passwordSecret, dbSecret; not clientSecret, the OAuth credential)
 * whose value is an object name with a separator (keycloak-tls).
 */
export function namesSecretObject(name: string, value: string): boolean {
  const words = nameWords(name);
  if (words.length < 2 || words.at(-1) !== 'secret' || SECRET_PAIRS.some(([a, b]) => b === 'secret' && words.at(-2) === a)) return false;
  const v = value.trim();
  return /[-.]/.test(v) && OBJECT_NAME.test(v);
}

/**
 * A secret shown safely: its first characters and its length, e.g. `ghp_… (40 chars)`. Short
 * values show fewer characters (at most a third of them) so a short password is not given away.
 */
export function redact(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 3));
  return `${value.slice(0, shown)}… (${value.length} chars)`;
}

// One scan of the repo for secrets, shared by every secrets rule so that no span is reported
// twice: detectors run from the most specific (a GCP service-account key) to the most generic (a
// password-like YAML value), and a match that overlaps one already taken is dropped. Each rule
// then reports the matches of its own kind. Values never appear in messages, only redacted.
import { type Document, type Node, type Pair, isMap, isPair, isScalar, isSeq } from 'yaml';
import { lineIndexOf } from '../../parse.js';
import { isLiteralSecretValue, isSecretName, redact } from '../../support/secrets.js';
import type { Location, Repo, Severity, SourceFile, YamlDocument } from '../../types.js';

export type SecretKind = 'private-key' | 'cloud-credential' | 'token' | 'kubernetes-secret' | 'password';

export interface SecretMatch {
  readonly kind: SecretKind;
  readonly file: SourceFile;
  /** [start, end) offsets in the file's text. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly severity?: Severity;
  /** A span taken only so that no other detector reports it (e.g. the secret key paired with an AWS key id). */
  readonly silent?: boolean;
}

export interface LocatedMatch extends SecretMatch {
  readonly location: Location;
}

type Candidate = Omit<SecretMatch, 'file'>;

const scans = new WeakMap<Repo, readonly LocatedMatch[]>();

/** Every secret in the repo, each span once; cached per repo. */
export function secretMatches(repo: Repo): readonly LocatedMatch[] {
  let matches = scans.get(repo);
  if (!matches) {
    matches = scan(repo);
    scans.set(repo, matches);
  }
  return matches;
}

export function matchesOfKind(repo: Repo, kind: SecretKind): LocatedMatch[] {
  return secretMatches(repo).filter((m) => m.kind === kind && !m.silent);
}

function scan(repo: Repo): LocatedMatch[] {
  const yamlByFile = new Map<SourceFile, YamlDocument[]>();
  for (const doc of repo.yaml) yamlByFile.set(doc.file, [...(yamlByFile.get(doc.file) ?? []), doc]);
  const result: LocatedMatch[] = [];
  for (const file of repo.files) {
    const docs = yamlByFile.get(file) ?? [];
    // Most specific first: the first detector to claim a span wins it.
    const candidates: Candidate[] = [
      ...gcpServiceAccountKeys(file.text),
      ...awsCredentials(file.text),
      ...azureKeys(file.text),
      ...privateKeys(file.text),
      ...tokens(file.text),
      ...docs.flatMap((doc) => kubernetesSecrets(doc)),
      ...docs.flatMap((doc) => passwordValues(doc, file.text)),
    ];
    const taken: Candidate[] = [];
    for (const candidate of candidates) {
      if (taken.some((t) => candidate.start < t.end && t.start < candidate.end)) continue;
      taken.push(candidate);
    }
    const lines = lineIndexOf(file);
    for (const match of taken.sort((a, b) => a.start - b.start)) {
      result.push({ ...match, file, location: lines.location(file.path, match.start, Math.max(match.start, match.end - 1)) });
    }
  }
  return result;
}

const lineOf = (text: string, offset: number) => {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

/** A placeholder such as ghp_xxxxxxxx or AKIA................ (one character repeated). */
const isFiller = (body: string) => /^(.)\1*$/.test(body);

// ---- private keys ----------------------------------------------------------------------------

const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g;

function privateKeys(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(PRIVATE_KEY_BEGIN)) {
    const label = match[1]!;
    const start = match.index;
    const endMarker = `-----END ${label}-----`;
    const endAt = text.indexOf(endMarker, start);
    const end = endAt >= 0 ? endAt + endMarker.length : start + match[0].length;
    const inner = endAt >= 0 ? text.slice(start + match[0].length, endAt) : '';
    const encrypted = label.includes('ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(inner);
    const body = inner
      .replace(/\\n/g, '\n')
      .split('\n')
      .filter((line) => !/^[\w-]+:/.test(line.trim()))
      .join('')
      .replace(/[^A-Za-z0-9+/=]/g, '');
    found.push({
      kind: 'private-key',
      start,
      end,
      severity: encrypted ? 'high' : 'critical',
      message: `${label} committed in the repository${encrypted ? ' (passphrase-protected)' : ''}: ${body ? redact(body) : 'no body'}.`,
    });
  }
  return found;
}

// ---- cloud credentials -----------------------------------------------------------------------

function gcpServiceAccountKeys(text: string): Candidate[] {
  if (!/"type"\s*:\s*"service_account"/.test(text)) return [];
  const found: Candidate[] = [];
  for (const match of text.matchAll(/"private_key"\s*:\s*"([^"]*)"/g)) {
    const valueStart = match.index + match[0].length - match[1]!.length - 2; // the opening quote
    const email = /"client_email"\s*:\s*"([^"]+)"/.exec(text)?.[1];
    found.push({
      kind: 'cloud-credential',
      start: valueStart,
      end: valueStart + match[1]!.length + 2,
      severity: 'critical',
      message: `Google Cloud service account key${email ? ` for ${email}` : ''} committed in the repository.`,
    });
  }
  return found;
}

const AWS_KEY_ID = /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b/g;
const AWS_SECRET = /(secret[_-]?access[_-]?key|aws[_-]?secret[_-]?key|secretAccessKey)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
/** Lines between a key id and its secret for the two to count as a pair. */
const AWS_PAIR_DISTANCE = 5;

function awsCredentials(text: string): Candidate[] {
  const secrets = [...text.matchAll(AWS_SECRET)]
    .filter((m) => !m[2]!.includes('EXAMPLE'))
    .map((m) => ({ start: m.index + m[0].length - m[2]!.length, value: m[2]!, line: lineOf(text, m.index) }));
  const paired = new Set<number>();
  const found: Candidate[] = [];
  for (const match of text.matchAll(AWS_KEY_ID)) {
    const id = match[1]!;
    if (id.includes('EXAMPLE') || isFiller(id.slice(4))) continue;
    const line = lineOf(text, match.index);
    const secret = secrets.find((s) => Math.abs(s.line - line) <= AWS_PAIR_DISTANCE);
    if (secret) {
      paired.add(secret.start);
      found.push({ kind: 'cloud-credential', start: match.index, end: match.index + id.length, severity: 'critical', message: `AWS access key ${redact(id)} committed with its secret access key (line ${secret.line + 1}).` });
      found.push({ kind: 'cloud-credential', start: secret.start, end: secret.start + secret.value.length, message: '', silent: true });
    } else {
      found.push({ kind: 'cloud-credential', start: match.index, end: match.index + id.length, severity: 'medium', message: `AWS access key id ${redact(id)} committed in the repository (its secret key may be elsewhere).` });
    }
  }
  for (const secret of secrets) {
    if (paired.has(secret.start)) continue;
    found.push({ kind: 'cloud-credential', start: secret.start, end: secret.start + secret.value.length, severity: 'high', message: `AWS secret access key committed in the repository: ${redact(secret.value)}.` });
  }
  return found;
}

/** The public, documented key of the Azurite/Storage emulator account. */
const AZURITE_ACCOUNT = 'devstoreaccount1';

function azureKeys(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(/AccountName=([^;\s"']+);AccountKey=([A-Za-z0-9+/]{20,}={0,2})/g)) {
    if (match[1] === AZURITE_ACCOUNT) continue;
    const start = match.index + match[0].length - match[2]!.length;
    found.push({ kind: 'cloud-credential', start, end: start + match[2]!.length, severity: 'critical', message: `Azure storage account key for ${match[1]} committed in a connection string: ${redact(match[2]!)}.` });
  }
  for (const match of text.matchAll(/SharedAccessKey=([A-Za-z0-9+/]{20,}={0,2})/g)) {
    const start = match.index + match[0].length - match[1]!.length;
    found.push({ kind: 'cloud-credential', start, end: start + match[1]!.length, severity: 'critical', message: `Azure shared access key committed in a connection string: ${redact(match[1]!)}.` });
  }
  for (const match of text.matchAll(/[?&]sv=\d{4}-\d{2}-\d{2}&[^\s"'<>]*?\bsig=([A-Za-z0-9%+/]{20,}(?:%3D|=){0,2})/g)) {
    const start = match.index + match[0].length - match[1]!.length;
    found.push({ kind: 'cloud-credential', start, end: start + match[1]!.length, severity: 'high', message: `Azure SAS token signature committed in a URL: ${redact(match[1]!)}.` });
  }
  return found;
}

// ---- tokens ----------------------------------------------------------------------------------

interface TokenPattern {
  readonly name: string;
  readonly pattern: RegExp;
  /** Length of the fixed prefix, so a filler body (ghp_xxxx...) is recognised. */
  readonly prefix: number;
  readonly severity?: Severity;
}

const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { name: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g, prefix: 11 },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g, prefix: 4 },
  { name: 'GitLab token', pattern: /\bgl(?:pat|rt|dt|ptt)-[A-Za-z0-9_-]{20,}/g, prefix: 6 },
  { name: 'Slack token', pattern: /\bxox[abprse]-[A-Za-z0-9-]{10,}/g, prefix: 5 },
  { name: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/g, prefix: 34 },
  { name: 'Stripe live key', pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/g, prefix: 8 },
  { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, prefix: 4 },
  { name: 'PyPI token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g, prefix: 5 },
  { name: 'Docker Hub token', pattern: /\bdckr_pat_[A-Za-z0-9_-]{20,}/g, prefix: 9 },
  { name: 'OpenAI key', pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/g, prefix: 8 },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, prefix: 4 },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, prefix: 3, severity: 'medium' },
];

function tokens(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const { name, pattern, prefix, severity } of TOKEN_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      if (isFiller(match[0].slice(prefix))) continue;
      found.push({
        kind: 'token',
        start: match.index,
        end: match.index + match[0].length,
        ...(severity && { severity }),
        message: `${name} committed in the repository: ${redact(match[0])}.`,
      });
    }
  }
  return found;
}

// ---- YAML ------------------------------------------------------------------------------------

const kindOf = (doc: YamlDocument) => {
  const data = doc.data as { kind?: unknown } | null;
  return typeof data === 'object' && data !== null && typeof data.kind === 'string' ? data.kind : undefined;
};

const pairKey = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : undefined);
const findPair = (node: unknown, key: string): Pair | undefined => (isMap(node) ? (node.items.find((p) => pairKey(p as Pair) === key) as Pair | undefined) : undefined);

function kubernetesSecrets(doc: YamlDocument): Candidate[] {
  const contents = doc.document.contents;
  const kind = kindOf(doc);
  if (kind === 'Secret') {
    const data = doc.data as { data?: unknown; stringData?: unknown; metadata?: { name?: unknown }; sops?: unknown };
    if (data.sops !== undefined) return []; // SOPS-encrypted: the values are ciphertext
    const values = [data.data, data.stringData].flatMap((section) => (section && typeof section === 'object' ? Object.values(section) : []));
    const count = values.filter((v) => v !== null && v !== undefined && String(v) !== '' && !/^ENC\[/.test(String(v))).length;
    const pair = findPair(contents, 'stringData') ?? findPair(contents, 'data');
    const range = pair && (pair.key as Node).range;
    if (count === 0 || !range) return [];
    const name = typeof data.metadata?.name === 'string' ? ` ${data.metadata.name}` : '';
    return [
      {
        kind: 'kubernetes-secret',
        start: range[0],
        end: range[1],
        message: `Secret${name} commits ${count} value${count === 1 ? '' : 's'} in clear; base64 in data is an encoding, not encryption.`,
      },
    ];
  }
  if (kind === 'Kustomization' || /(^|\/)kustomization\.ya?ml$/.test(doc.file.path)) {
    const generators = findPair(contents, 'secretGenerator')?.value;
    if (!isSeq(generators)) return [];
    return generators.items.flatMap((generator): Candidate[] => {
      const literals = findPair(generator, 'literals');
      const range = literals && (literals.key as Node).range;
      if (!range || !isSeq(literals.value) || literals.value.items.length === 0) return [];
      const name = findPair(generator, 'name');
      const label = name && isScalar(name.value) ? ` ${String(name.value.value)}` : '';
      return [{ kind: 'kubernetes-secret', start: range[0], end: range[1], message: `secretGenerator${label} commits ${literals.value.items.length} literal value(s) in clear.` }];
    });
  }
  return [];
}

/** Kinds whose values are references or ciphertext, or are reported by kubernetesSecrets. */
const SKIPPED_KINDS = new Set(['Secret', 'SealedSecret', 'ExternalSecret', 'ClusterExternalSecret', 'SecretStore', 'ClusterSecretStore', 'PushSecret']);
/** A lower-case identifier: for names ending in "key" (secretKey, apiKey) such a value names a key rather than being one. */
const IDENTIFIER = /^[a-z][a-z0-9._-]*$/;

/** Workloads whose container env entries k8s/secret-in-env reports; the secrets scan leaves them to it. */
const WORKLOAD_KINDS = new Set(['Pod', 'PodTemplate', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

function passwordValues(doc: YamlDocument, text: string): Candidate[] {
  const kind = kindOf(doc);
  if (kind !== undefined && SKIPPED_KINDS.has(kind)) return [];
  const envOwnedByWorkloadRule = kind !== undefined && WORKLOAD_KINDS.has(kind);
  const found: Candidate[] = [];
  const literal = (name: string, value: string) => isSecretName(name) && isLiteralSecretValue(value) && !(/key$/i.test(name) && IDENTIFIER.test(value));
  const add = (name: string, value: string, start: number, end: number) =>
    found.push({ kind: 'password', start, end, message: `${name} is set to a literal secret (${redact(value)}) committed in the repository.` });

  const visit = (node: unknown): void => {
    if (isMap(node)) {
      // Kubernetes-style env entries: {name: DB_PASSWORD, value: "..."}.
      const nameNode = findPair(node, 'name')?.value;
      const valueNode = findPair(node, 'value')?.value;
      if (!envOwnedByWorkloadRule && isScalar(nameNode) && isScalar(valueNode) && typeof nameNode.value === 'string' && typeof valueNode.value === 'string' && valueNode.range) {
        if (literal(nameNode.value, valueNode.value)) add(nameNode.value, valueNode.value, valueNode.range[0], valueNode.range[1]);
      }
      for (const pair of node.items) {
        const key = pairKey(pair as Pair);
        const value = (pair as Pair).value;
        if (key !== undefined && isScalar(value) && typeof value.value === 'string' && value.range && key !== 'value') {
          if (literal(key, value.value)) add(key, value.value, value.range[0], value.range[1]);
        }
        visit(value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        // Compose-style environment lists: - DB_PASSWORD=...
        if (isScalar(item) && typeof item.value === 'string' && item.range) {
          const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s.exec(item.value);
          const source = text.slice(item.range[0], item.range[1]);
          const equals = source.indexOf('=');
          if (assignment && equals >= 0 && literal(assignment[1]!, assignment[2]!)) {
            const closing = /["']$/.test(source) && /^["']/.test(source) ? 1 : 0;
            add(assignment[1]!, assignment[2]!, item.range[0] + equals + 1, item.range[1] - closing);
          }
        }
        visit(item);
      }
    } else if (isPair(node)) {
      visit(node.value);
    }
  };
  visit((doc.document as Document.Parsed).contents);
  return found;
}

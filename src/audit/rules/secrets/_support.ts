// One scan of the repo for secrets, shared by every secrets rule so that no span is reported
// twice: detectors run from the most specific (a GCP service-account key) to the most generic (a
// password-like YAML value), and a match that overlaps one already taken is dropped. Each rule
// then reports the matches of its own kind. Values never appear in messages, only redacted.
import { type Document, type Node, type Pair, isMap, isPair, isScalar, isSeq } from 'yaml';
import { type LineIndex, lineIndexOf } from '../../parse.js';
import { isLiteralSecretValue, isPlaceholderValue, isSecretName, namesSecretObject, redact } from '../../support/secrets.js';
import type { Location, Repo, Severity, SourceFile, YamlDocument } from '../../types.js';
import { pairNamed } from '../../../util/yaml-pairs.js';

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
  for (const doc of repo.yaml) {
    const docs = yamlByFile.get(doc.file);
    if (docs) docs.push(doc);
    else yamlByFile.set(doc.file, [doc]);
  }
  const result: LocatedMatch[] = [];
  for (const file of repo.files) {
    const docs = yamlByFile.get(file) ?? [];
    // Most specific first: the first detector to claim a span wins it.
    const candidates: Candidate[] = [
      ...gcpServiceAccountKeys(file.text),
      ...awsCredentials(file.text, lineIndexOf(file)),
      ...azureKeys(file.text),
      ...privateKeys(file.text),
      ...tokens(file.text),
      ...docs.flatMap((doc) => kubernetesSecrets(doc)),
      ...docs.flatMap((doc) => passwordValues(doc, file.text)),
    ];
    const lines = lineIndexOf(file);
    for (const match of firstClaims(candidates)) {
      result.push({ ...match, file, location: lines.location(file.path, match.start, Math.max(match.start, match.end - 1)) });
    }
  }
  return result;
}

/**
 * The candidates no earlier candidate overlaps, in file order. Taken spans are kept sorted and
 * disjoint, so each candidate is checked against its two neighbours only (n log n, not n²: a file
 * of 100,000 token-shaped strings must not stall the audit).
 */
function firstClaims(candidates: readonly Candidate[]): Candidate[] {
  const taken: Candidate[] = [];
  for (const candidate of candidates) {
    let low = 0;
    let high = taken.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (taken[mid]!.start < candidate.start) low = mid + 1;
      else high = mid;
    }
    const before = taken[low - 1];
    const after = taken[low];
    if ((before && before.end > candidate.start) || (after && after.start < candidate.end)) continue;
    taken.splice(low, 0, candidate);
  }
  return taken;
}

/** A placeholder such as ghp_xxxxxxxx or AKIA................ (one character repeated). */
const isFiller = (body: string) => /^(.)\1*$/.test(body);

// ---- private keys ----------------------------------------------------------------------------

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,64})-----/g;
const PEM_END = /-----END ([A-Z0-9 ]{1,64})-----/g;
/** Labels of private keys: RSA PRIVATE KEY, EC PRIVATE KEY, OPENSSH PRIVATE KEY, PGP PRIVATE KEY BLOCK… */
const PRIVATE_KEY_LABEL = /^(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?$/;
/**
 * A key body shorter than this is not a key: the smallest real one (Ed25519, PKCS#8) has 64
 * base64 characters. A header alone, `REDACTED`, `MIIE...` or a PEM marker in a test assertion
 * has less, and is not reported.
 */
const MIN_KEY_BODY = 64;
/** Without an END line, how far a body is looked for after BEGIN. */
const MAX_UNTERMINATED_BODY = 8 * 1024;

function privateKeys(text: string): Candidate[] {
  const ends = new Map<string, number[]>();
  for (const match of text.matchAll(PEM_END)) {
    const list = ends.get(match[1]!);
    if (list) list.push(match.index);
    else ends.set(match[1]!, [match.index]);
  }
  const found: Candidate[] = [];
  const begins = [...text.matchAll(PEM_BEGIN)];
  for (const [k, match] of begins.entries()) {
    const label = match[1]!;
    if (!PRIVATE_KEY_LABEL.test(label)) continue;
    const start = match.index;
    const afterHeader = start + match[0].length;
    const endMarker = `-----END ${label}-----`;
    // A key ends before the next BEGIN: 47,000 headers sharing one END (or none) would otherwise
    // each read to it, which is quadratic.
    const nextBegin = begins[k + 1]?.index ?? text.length;
    const endFound = firstAtOrAfter(ends.get(label) ?? [], afterHeader);
    const endAt = endFound !== undefined && endFound < nextBegin ? endFound : undefined;
    const inner = endAt === undefined ? unterminatedBody(text, afterHeader, nextBegin) : text.slice(afterHeader, endAt);
    const end = endAt === undefined ? afterHeader + inner.length : endAt + endMarker.length;
    const body = keyBody(inner);
    if (body.length < MIN_KEY_BODY || isFiller(body)) continue;
    const encrypted = label.includes('ENCRYPTED') || /Proc-Type:[ \t]*4,ENCRYPTED/.test(inner);
    found.push({
      kind: 'private-key',
      start,
      end,
      severity: encrypted ? 'high' : 'critical',
      message: `${label} committed in the repository${encrypted ? ' (passphrase-protected)' : ''}: ${redact(body)}${endAt === undefined ? ', without an END line' : ''}.`,
    });
  }
  return found;
}

/** The base64 of a PEM body: header lines (Proc-Type: …) and escapes dropped. */
function keyBody(inner: string): string {
  return inner
    .replace(/\\n/g, '\n')
    .split('\n')
    .filter((line) => !/^[\w-]{1,64}:/.test(line.trim()))
    .join('')
    .replace(/[^A-Za-z0-9+/=]/g, '');
}

/** The rest of the header line and the lines after it that look like base64, within a bound (and before `before`). */
function unterminatedBody(text: string, from: number, before: number): string {
  const limit = Math.min(text.length, before, from + MAX_UNTERMINATED_BODY);
  let end = text.indexOf('\n', from);
  if (end < 0 || end >= limit) return text.slice(from, limit);
  for (let cursor = end + 1; cursor < limit; cursor = end + 1) {
    let next = text.indexOf('\n', cursor);
    if (next < 0 || next > limit) next = limit;
    if (!/^[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*$/.test(text.slice(cursor, next))) break;
    end = next;
  }
  return text.slice(from, end);
}

/** The smallest value ≥ limit in an ascending list. */
function firstAtOrAfter(sorted: readonly number[], limit: number): number | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < limit) low = mid + 1;
    else high = mid;
  }
  return sorted[low];
}

// ---- cloud credentials -----------------------------------------------------------------------

function gcpServiceAccountKeys(text: string): Candidate[] {
  if (!/"type"\s*:\s*"service_account"/.test(text)) return [];
  const found: Candidate[] = [];
  const email = /"client_email"\s*:\s*"([^"]{1,320})"/.exec(text)?.[1];
  for (const match of text.matchAll(/"private_key"\s*:\s*"([^"]*)"/g)) {
    const valueStart = match.index + match[0].length - match[1]!.length - 2; // the opening quote
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

function awsCredentials(text: string, lines: LineIndex): Candidate[] {
  // In file order, so the secret nearest a key id is found by binary search.
  const secrets = [...text.matchAll(AWS_SECRET)]
    .filter((m) => !m[2]!.includes('EXAMPLE'))
    .map((m) => ({ start: m.index + m[0].length - m[2]!.length, value: m[2]!, line: lines.position(m.index).line }));
  const paired = new Set<number>();
  const found: Candidate[] = [];
  for (const match of text.matchAll(AWS_KEY_ID)) {
    const id = match[1]!;
    if (id.includes('EXAMPLE') || isFiller(id.slice(4))) continue;
    const line = lines.position(match.index).line;
    const secret = firstWithin(secrets, line - AWS_PAIR_DISTANCE, line + AWS_PAIR_DISTANCE);
    if (secret) {
      paired.add(secret.start);
      found.push({ kind: 'cloud-credential', start: match.index, end: match.index + id.length, severity: 'critical', message: `AWS access key ${redact(id)} committed with its secret access key (line ${secret.line}).` });
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

/** The first item (sorted by line) whose line is in [from, to]. */
function firstWithin<T extends { readonly line: number }>(sorted: readonly T[], from: number, to: number): T | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.line < from) low = mid + 1;
    else high = mid;
  }
  const candidate = sorted[low];
  return candidate && candidate.line <= to ? candidate : undefined;
}

/** The public, documented key of the Azurite/Storage emulator account. */
const AZURITE_ACCOUNT = 'devstoreaccount1';

function azureKeys(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(/AccountName=([^;\s"'=]{1,255});AccountKey=([A-Za-z0-9+/]{20,}={0,2})/g)) {
    if (match[1] === AZURITE_ACCOUNT) continue;
    const start = match.index + match[0].length - match[2]!.length;
    found.push({ kind: 'cloud-credential', start, end: start + match[2]!.length, severity: 'critical', message: `Azure storage account key for ${match[1]} committed in a connection string: ${redact(match[2]!)}.` });
  }
  for (const match of text.matchAll(/SharedAccessKey=([A-Za-z0-9+/]{20,}={0,2})/g)) {
    const start = match.index + match[0].length - match[1]!.length;
    found.push({ kind: 'cloud-credential', start, end: start + match[1]!.length, severity: 'critical', message: `Azure shared access key committed in a connection string: ${redact(match[1]!)}.` });
  }
  for (const signature of sasSignatures(text)) {
    found.push({ kind: 'cloud-credential', start: signature.start, end: signature.start + signature.value.length, severity: 'high', message: `Azure SAS token signature committed in a URL: ${redact(signature.value)}.` });
  }
  return found;
}

const SAS_VERSION = /[?&]sv=\d{4}-\d{2}-\d{2}&/g;
const SAS_SIGNATURE = /\bsig=([A-Za-z0-9%+/]{20,}(?:%3D|=){0,2})/g;
/** What ends a URL in text. */
const URL_BREAK = /[\s"'<>]/g;

/**
 * `sig=` values of URLs that also carry a storage service version (`sv=2024-01-01&`) before them.
 * Found with three linear scans and binary searches rather than one pattern with a lazy gap, which
 * backtracks quadratically over a line of repeated `&sv=…&` parameters.
 */
function sasSignatures(text: string): { start: number; value: string }[] {
  const versions = [...text.matchAll(SAS_VERSION)].map((m) => m.index + m[0].length);
  if (versions.length === 0) return [];
  const breaks = [...text.matchAll(URL_BREAK)].map((m) => m.index);
  const found: { start: number; value: string }[] = [];
  for (const match of text.matchAll(SAS_SIGNATURE)) {
    const version = lastAtOrBefore(versions, match.index);
    const stop = lastAtOrBefore(breaks, match.index);
    if (version === undefined || (stop !== undefined && stop >= version)) continue;
    found.push({ start: match.index + match[0].length - match[1]!.length, value: match[1]! });
  }
  return found;
}

/** The largest value ≤ limit in an ascending list. */
function lastAtOrBefore(sorted: readonly number[], limit: number): number | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! <= limit) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? sorted[low - 1] : undefined;
}

// ---- tokens ----------------------------------------------------------------------------------

interface TokenPattern {
  readonly name: string;
  /** Text every match contains: a file without it is not searched with the pattern. */
  readonly literal: string;
  readonly pattern: RegExp;
  /** Length of the fixed prefix, so a filler body (ghp_xxxx...) is recognised. */
  readonly prefix: number;
  readonly severity?: Severity;
}

const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { name: 'GitHub fine-grained token', literal: 'github_pat_', pattern: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g, prefix: 11 },
  { name: 'GitHub token', literal: 'gh', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g, prefix: 4 },
  { name: 'GitLab token', literal: 'gl', pattern: /\bgl(?:pat|rt|dt|ptt)-[A-Za-z0-9_-]{20,}/g, prefix: 6 },
  { name: 'Slack token', literal: 'xox', pattern: /\bxox[abprse]-[A-Za-z0-9-]{10,}/g, prefix: 5 },
  { name: 'Slack webhook URL', literal: 'hooks.slack.com/services/', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/g, prefix: 34 },
  { name: 'Stripe live key', literal: 'k_live_', pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/g, prefix: 8 },
  { name: 'npm token', literal: 'npm_', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, prefix: 4 },
  { name: 'PyPI token', literal: 'pypi-AgEIcHlwaS5vcmc', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g, prefix: 5 },
  { name: 'Docker Hub token', literal: 'dckr_pat_', pattern: /\bdckr_pat_[A-Za-z0-9_-]{20,}/g, prefix: 9 },
  { name: 'OpenAI key', literal: 'sk-', pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/g, prefix: 8 },
  { name: 'Google API key', literal: 'AIza', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, prefix: 4 },
];

function tokens(text: string): Candidate[] {
  const found: Candidate[] = jsonWebTokens(text);
  for (const { name, literal, pattern, prefix, severity } of TOKEN_PATTERNS) {
    if (!text.includes(literal)) continue;
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

/** Runs of base64url characters and dots: the text a JWT lives in. One character class, so no backtracking. */
const DOTTED_RUN = /[A-Za-z0-9_.-]{32,}/g;

/**
 * JSON Web Tokens: header.payload.signature, the first two base64url JSON objects (`eyJ`), each
 * part at least 8 characters after it. Read from dotted runs segment by segment, so a megabyte of
 * `eyJ-eyJ-…` costs one pass instead of a backtracking scan from every `eyJ`.
 */
function jsonWebTokens(text: string): Candidate[] {
  const found: Candidate[] = [];
  // Every token starts with `eyJ`; most files have none, and then the dotted runs need no reading.
  if (!text.includes('eyJ')) return found;
  for (const run of text.matchAll(DOTTED_RUN)) {
    const parts = run[0].split('.');
    let offset = run.index;
    const starts = parts.map((part) => {
      const start = offset;
      offset += part.length + 1;
      return start;
    });
    for (let i = 0; i + 2 < parts.length; i++) {
      const at = jwtStart(parts[i]!);
      if (at < 0 || !parts[i + 1]!.startsWith('eyJ') || parts[i + 1]!.length < 11 || parts[i + 2]!.length < 8) continue;
      const value = [parts[i]!.slice(at), parts[i + 1], parts[i + 2]].join('.');
      const start = starts[i]! + at;
      found.push({ kind: 'token', start, end: start + value.length, severity: 'medium', message: `JSON Web Token committed in the repository: ${redact(value)}.` });
      i += 2;
    }
  }
  return found;
}

/** Where a JWT header starts in a segment: `eyJ` at a word boundary with 8 more characters, or -1. */
function jwtStart(segment: string): number {
  for (let at = segment.indexOf('eyJ'); at >= 0; at = segment.indexOf('eyJ', at + 1)) {
    if (segment.length - at < 11) return -1;
    if (at === 0 || segment[at - 1] === '-') return at;
  }
  return -1;
}

// ---- YAML ------------------------------------------------------------------------------------

const kindOf = (doc: YamlDocument) => {
  const data = doc.data as { kind?: unknown } | null;
  return typeof data === 'object' && data !== null && typeof data.kind === 'string' ? data.kind : undefined;
};

const pairKey = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : undefined);
const findPair = (node: unknown, key: string): Pair | undefined => (isMap(node) ? pairNamed(node, key) : undefined);

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
  const literal = (name: string, value: string) =>
    isSecretName(name) && isLiteralSecretValue(value) && !isPlaceholderValue(value, name) && !(/key$/i.test(name) && IDENTIFIER.test(value)) && !namesSecretObject(name, value);
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

// The wizard's questions as data. Each one sets exactly one profile field through exactly one flag,
// so an interview is a list of flag values: the same parsing and validation as the command line,
// and the same files for the same answers. The help line says what the answer changes in the
// output and why that matters for security.
import { CATALOGUE, EGRESS_SERVICES, LANGUAGES, type Language } from '../../profile/catalogue.js';
import type { FlagValues } from '../../profile/flags.js';
import type { ProfileInput } from '../../profile/resolve.js';

/** A flag the wizard can set: every profile flag, plus --public-key (a file holding the key). */
export type QuestionFlag = keyof FlagValues | 'public-key';

export interface Choice {
  readonly value: string;
  readonly label: string;
  /** What picking this changes. */
  readonly help?: string;
  /** Why it can't be picked right now. */
  readonly disabled?: string;
}

interface QuestionBase {
  readonly flag: QuestionFlag;
  /** The profile field it sets, as in error messages (e.g. "ci.sign"). */
  readonly field: string;
  readonly message: string;
  /** One line: what the answer changes in the output, and why it matters. */
  readonly help: string | ((profile: ProfileInput) => string);
  /**
   * 'app': what only the project can say (language, entry point, port, who connects), always asked.
   * 'interview': the security setup; the recommended values are shown on one screen and asked one
   * by one only when the person chooses to customise them. 'summary': advanced, revised from the
   * summary only.
   */
  readonly stage: 'app' | 'interview' | 'summary';
  /** Asked only when this holds for the answers so far (with defaults filled in). */
  readonly when?: (profile: ProfileInput) => boolean;
  /** When one of these answers changes, this answer is reset to its default and asked again. */
  readonly dependsOn?: readonly QuestionFlag[];
}

export interface TextQuestion extends QuestionBase {
  readonly kind: 'text';
  /** A comma-separated list; "none" is the empty list. */
  readonly list?: boolean;
}

export interface ChoiceQuestion extends QuestionBase {
  readonly kind: 'choice';
  readonly choices: (profile: ProfileInput) => readonly Choice[];
}

export interface BooleanQuestion extends QuestionBase {
  readonly kind: 'boolean';
  readonly yes: string;
  readonly no: string;
}

export type Question = TextQuestion | ChoiceQuestion | BooleanQuestion;

const languageOf = (p: ProfileInput): Language => (LANGUAGES.includes(p.language as Language) ? (p.language as Language) : 'node');

export const QUESTIONS: readonly Question[] = [
  {
    flag: 'language',
    field: 'language',
    kind: 'choice',
    stage: 'app',
    message: 'Language',
    help: 'Sets the builder and the distroless runtime: no shell in the final image.',
    choices: () =>
      LANGUAGES.map((language) => ({
        value: language,
        label: CATALOGUE[language].label,
        help: `Builds with ${CATALOGUE[language].buildTools.join(', ')}; runs on ${shortImage(CATALOGUE[language].versions.at(-1)!.runtime)}.`,
      })),
  },
  {
    flag: 'name',
    field: 'name',
    kind: 'text',
    stage: 'interview',
    message: 'App name',
    help: 'Names the Deployment, Service and the labels the NetworkPolicy selects.',
  },
  {
    flag: 'runtime-version',
    field: 'runtimeVersion',
    kind: 'choice',
    stage: 'interview',
    message: 'Runtime version',
    dependsOn: ['language'],
    help: 'Pins the builder and distroless runtime images; Renovate keeps them patched.',
    choices: (p) => CATALOGUE[languageOf(p)].versions.map((v) => ({ value: v.version, label: v.version, help: `${v.builder} → ${shortImage(v.runtime)}` })),
  },
  {
    flag: 'build-tool',
    field: 'buildTool',
    kind: 'choice',
    stage: 'interview',
    message: 'Build tool',
    dependsOn: ['language'],
    help: 'Which lockfile the build installs from: locked installs are reproducible.',
    choices: (p) => CATALOGUE[languageOf(p)].buildTools.map((tool) => ({ value: tool, label: tool })),
  },
  {
    flag: 'entrypoint',
    field: 'entrypoint',
    kind: 'text',
    stage: 'app',
    message: 'Entry point',
    dependsOn: ['language', 'build-tool'],
    help: (p) => ENTRYPOINT_HELP[languageOf(p)],
  },
  {
    // Advanced (summary only): carries a detected or --command run command through the wizard.
    flag: 'command',
    field: 'command',
    kind: 'text',
    stage: 'summary',
    message: 'Run command (instead of the entry point)',
    when: (p) => languageOf(p) === 'python',
    dependsOn: ['language'],
    help: 'Runs instead of the entry point, e.g. uvicorn app:app --host 0.0.0.0',
  },
  {
    flag: 'port',
    field: 'port',
    kind: 'text',
    stage: 'app',
    message: 'Port the app listens on',
    help: 'EXPOSE, Service and NetworkPolicy port; below 1024 sets a sysctl.',
  },
  {
    flag: 'exposure',
    field: 'exposure',
    kind: 'choice',
    stage: 'app',
    message: 'Who may connect',
    help: 'Decides which ingress the NetworkPolicy allows; everything else is denied.',
    choices: () => [
      { value: 'public', label: 'public: through a Gateway or an Ingress', help: 'An HTTPRoute or Ingress; only the pods that forward to it may connect.' },
      { value: 'internal', label: 'internal: named apps in the cluster', help: 'The NetworkPolicy admits only the client apps you list; no ingress route.' },
      { value: 'none', label: 'none: a worker, nothing connects', help: 'No Service, and the NetworkPolicy denies all ingress.' },
    ],
  },
  {
    flag: 'route',
    field: 'route.kind',
    kind: 'choice',
    stage: 'interview',
    message: 'Route from outside the cluster',
    when: (p) => p.exposure === 'public',
    help: 'Which object sends outside requests to the Service.',
    choices: () => [
      { value: 'gateway', label: 'Gateway API HTTPRoute', help: 'Attached to a Gateway you name; the current Kubernetes API for this.' },
      { value: 'ingress', label: 'Ingress', help: 'For a cluster whose controller serves Ingress objects only.' },
    ],
  },
  {
    flag: 'gateway',
    field: 'route.gateway',
    kind: 'text',
    stage: 'interview',
    message: 'Gateway the route attaches to (namespace/name)',
    when: (p) => p.exposure === 'public' && p.route?.kind !== 'ingress',
    help: 'Its listener must allow routes from this namespace (allowedRoutes).',
  },
  {
    flag: 'ingress-class',
    field: 'route.ingressClass',
    kind: 'text',
    stage: 'interview',
    message: 'IngressClass (empty: the cluster default)',
    when: (p) => p.exposure === 'public' && p.route?.kind === 'ingress',
    help: 'Picks the controller that serves the Ingress.',
  },
  {
    flag: 'hostnames',
    field: 'route.hostnames',
    kind: 'text',
    list: true,
    stage: 'interview',
    message: 'Host names (comma-separated, or none for any)',
    when: (p) => p.exposure === 'public',
    help: 'The route answers only for these hosts, e.g. app.example.com.',
  },
  {
    flag: 'ingress-namespace',
    field: 'ingress.namespace',
    kind: 'text',
    stage: 'interview',
    message: 'Namespace of the pods that forward outside traffic',
    when: (p) => p.exposure === 'public',
    dependsOn: ['route', 'gateway'],
    help: "Only pods from this namespace get in: your Gateway's or controller's.",
  },
  {
    flag: 'ingress-labels',
    field: 'ingress.podLabels',
    kind: 'text',
    stage: 'interview',
    message: 'Labels of those pods (key=value,...)',
    when: (p) => p.exposure === 'public',
    dependsOn: ['route', 'gateway'],
    help: 'Only pods with these labels get in; looser labels admit more pods.',
  },
  {
    flag: 'clients',
    field: 'clients',
    kind: 'text',
    list: true,
    stage: 'app',
    message: 'Client apps allowed to connect (app or namespace/app, ...)',
    when: (p) => p.exposure === 'internal',
    help: 'Each becomes one NetworkPolicy ingress rule; no other pod may connect.',
  },
  {
    flag: 'egress',
    field: 'egress',
    kind: 'text',
    list: true,
    stage: 'interview',
    message: `Outbound connections (${Object.keys(EGRESS_SERVICES).join(', ')}, ...)`,
    help: 'One egress rule each, all else denied; DNS always allowed, metadata never.',
  },
  {
    flag: 'writable',
    field: 'writablePaths',
    kind: 'text',
    list: true,
    stage: 'interview',
    message: 'Paths the app writes to (comma-separated, or none)',
    help: 'The root filesystem is read-only; each path becomes a writable emptyDir.',
  },
  {
    flag: 'image',
    field: 'image',
    kind: 'text',
    stage: 'interview',
    message: 'Image repository (registry/owner/name)',
    help: 'CI pushes here, the Deployment pulls it, admission verifies its signature.',
  },
  {
    flag: 'repository',
    field: 'repository',
    kind: 'text',
    stage: 'interview',
    message: 'Source repository (owner/name)',
    help: "Keyless signatures name this repo; admission trusts only its CI's images.",
  },
  {
    flag: 'ci',
    field: 'ci.system',
    kind: 'choice',
    stage: 'interview',
    message: 'CI system',
    help: 'Where the image is built, scanned with Trivy and signed.',
    choices: () => [
      { value: 'github', label: 'GitHub Actions', help: 'A workflow that builds, blocks on a Trivy scan, and signs with cosign.' },
      { value: 'gitlab', label: 'GitLab CI', help: 'A pipeline that builds, blocks on a Trivy scan, and signs with cosign.' },
      { value: 'none', label: 'none', help: 'No pipeline: scanning and signing are up to you; no keyless signing.' },
    ],
  },
  {
    flag: 'sign',
    field: 'ci.sign',
    kind: 'choice',
    stage: 'interview',
    message: 'Image signing',
    dependsOn: ['ci'],
    help: 'A signature proves the image came from your CI, so admission can check it.',
    choices: (p) => [
      {
        value: 'keyless',
        label: 'keyless (Sigstore OIDC)',
        help: 'CI signs with its own OIDC identity; no key to store or leak.',
        ...(p.ci?.system === 'none' ? { disabled: 'needs a CI system' } : {}),
      },
      { value: 'key', label: 'with a cosign key', help: 'CI signs with a key you keep as a secret; admission needs the public key.' },
      { value: 'none', label: 'none', help: 'Unsigned: nothing tells your image from another with the same name.' },
    ],
  },
  {
    flag: 'admission',
    field: 'admission',
    kind: 'choice',
    stage: 'interview',
    message: 'Admission policy',
    dependsOn: ['sign'],
    when: (p) => p.ci?.sign !== 'none',
    help: 'Checks the signature at deploy time: an unsigned image never starts.',
    choices: () => [
      { value: 'kyverno', label: 'Kyverno', help: 'An ImageValidatingPolicy: only images signed by your CI are admitted.' },
      { value: 'sigstore', label: 'Sigstore policy-controller', help: 'A ClusterImagePolicy for this image repository.' },
      { value: 'none', label: 'none', help: 'Signatures are created but never checked; an unsigned image would still run.' },
    ],
  },
  {
    flag: 'public-key',
    field: 'publicKey',
    kind: 'text',
    stage: 'interview',
    message: 'Cosign public key file',
    dependsOn: ['sign', 'admission'],
    when: (p) => p.ci?.sign === 'key' && p.admission !== 'none',
    help: 'Embedded in the admission policy; the private key stays in your secrets.',
  },
  {
    flag: 'falco',
    field: 'falco.enabled',
    kind: 'boolean',
    stage: 'interview',
    message: 'Falco runtime rules',
    help: 'Runtime rules for this image that alert on, e.g., a shell starting in it.',
    yes: 'Write rules that alert when the container does what it never should.',
    no: 'No runtime detection rules.',
  },
  // Revised from the summary only: sensible defaults that most projects keep.
  {
    flag: 'namespace',
    field: 'namespace',
    kind: 'text',
    stage: 'summary',
    message: 'Kubernetes namespace',
    help: 'Created enforcing the restricted Pod Security Standard.',
  },
  {
    flag: 'tag',
    field: 'imageTag',
    kind: 'text',
    stage: 'summary',
    message: 'Image tag the Deployment runs',
    help: "The tag the Deployment runs; admission checks the image's signature.",
  },
  {
    flag: 'branch',
    field: 'branch',
    kind: 'text',
    stage: 'summary',
    message: 'Branch CI signs from',
    help: 'Only this branch (and v* tags) signs with an identity admission accepts.',
  },
  {
    flag: 'service-dir',
    field: 'serviceDir',
    kind: 'text',
    stage: 'summary',
    message: 'Service folder in the repository (. for the repository root)',
    // Asked only in a folder below the repository root: elsewhere there is nothing to choose.
    when: (p) => p.serviceDir !== undefined,
    help: 'The workflow goes to the root .github/workflows and builds only this folder.',
  },
  {
    flag: 'assets',
    field: 'assets',
    kind: 'text',
    list: true,
    stage: 'summary',
    message: 'Files the app reads at run time (comma-separated, or none)',
    when: (p) => ['go', 'rust', 'java'].includes(languageOf(p)),
    help: 'Copied into the runtime image next to the binary, e.g. ui, templates.',
  },
  {
    flag: 'replicas',
    field: 'replicas',
    kind: 'text',
    stage: 'summary',
    message: 'Replicas',
    help: 'Above 1 adds a PodDisruptionBudget so a node drain keeps a pod up.',
  },
  {
    flag: 'probes',
    field: 'probes',
    kind: 'text',
    stage: 'summary',
    message: 'Health probes',
    help: 'tcp, http:/path or none (a worker with no port); exec: not on distroless.',
  },
  {
    flag: 'cpu-request',
    field: 'resources.requests.cpu',
    kind: 'text',
    stage: 'summary',
    message: 'CPU request',
    help: 'Reserved by the scheduler; stops one app starving its neighbours.',
  },
  {
    flag: 'cpu-limit',
    field: 'resources.limits.cpu',
    kind: 'text',
    stage: 'summary',
    message: 'CPU limit',
    help: 'The most CPU the container gets; caps a runaway or hijacked process.',
  },
  {
    flag: 'memory-request',
    field: 'resources.requests.memory',
    kind: 'text',
    stage: 'summary',
    message: 'Memory request',
    help: 'What the scheduler reserves for the container.',
  },
  {
    flag: 'memory-limit',
    field: 'resources.limits.memory',
    kind: 'text',
    stage: 'summary',
    message: 'Memory limit',
    help: 'Above it the container is killed, not the other pods on the node.',
  },
  {
    flag: 'severity',
    field: 'ci.severity',
    kind: 'text',
    stage: 'summary',
    message: 'Trivy fails the build at (CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN)',
    when: (p) => p.ci?.system !== 'none',
    help: 'CI refuses to publish an image with vulnerabilities at these severities.',
  },
  {
    flag: 'ignore-unfixed',
    field: 'ci.ignoreUnfixed',
    kind: 'boolean',
    stage: 'summary',
    message: 'Ignore vulnerabilities without a fix',
    when: (p) => p.ci?.system !== 'none',
    help: 'Whether the Trivy gate also fails on CVEs that no update can fix yet.',
    yes: 'Fail only on what an update can fix, so the gate stays actionable.',
    no: 'Fail on every CVE at those severities, fixable or not.',
  },
  {
    flag: 'sbom',
    field: 'ci.sbom',
    kind: 'boolean',
    stage: 'summary',
    message: 'Publish an SBOM',
    when: (p) => p.ci?.system !== 'none',
    help: 'An SBOM on the image shows where a new CVE applies, without a rebuild.',
    yes: 'CI generates an SBOM and attaches it to the image.',
    no: 'No SBOM.',
  },
  {
    flag: 'shell-parents',
    field: 'falco.allowedShellParents',
    kind: 'text',
    list: true,
    stage: 'summary',
    message: 'Processes allowed to start a shell (comma-separated, or none)',
    when: (p) => p.falco?.enabled !== false,
    help: 'Falco alerts on any shell except one started by these; keep it empty.',
  },
];

export function questionFor(flag: QuestionFlag): Question {
  const question = QUESTIONS.find((q) => q.flag === flag);
  if (!question) throw new Error(`no question for --${flag}`);
  return question;
}

export function helpFor(question: Question, profile: ProfileInput): string {
  return typeof question.help === 'function' ? question.help(profile) : question.help;
}

/** "gcr.io/distroless/nodejs24-debian13:nonroot" -> "distroless/nodejs24-debian13:nonroot" */
function shortImage(image: string): string {
  return image.replace(/^gcr\.io\//, '');
}

const ENTRYPOINT_HELP: Readonly<Record<Language, string>> = {
  node: 'The file node runs, e.g. dist/server.js; started without a shell.',
  python: 'A script (app.py) or a module (pkg.main); started without a shell.',
  go: 'The main package to build (. or ./cmd/server); the binary runs alone.',
  java: 'target/app.jar: the one runnable jar the build leaves in target/, any name.',
  rust: 'The binary cargo builds; it runs alone on a distroless image.',
};

// The --help text. Plain text, no colour, fits 80 columns.
export const GENERATE_HELP = `Usage: create-secure-container [dir] [flags]

Generates a hardened container setup into dir (default: the current directory):
a distroless non-root Dockerfile, restricted Kubernetes manifests with a
default-deny NetworkPolicy, Falco rules, a CI workflow that scans and signs,
and an admission policy that verifies the signature at deploy time.

In a terminal it asks: it reads the project (package.json, pyproject.toml,
go.mod, pom.xml, Cargo.toml, Dockerfile, k8s/, git remote) for defaults, asks
each question with a line of help, shows every file (with a diff where one
exists) before writing, then offers to run the installed checks (docker,
trivy, kubectl, hadolint; see create-secure-container doctor). Each question
sets one flag below; a saved profile opens at the summary of its answers.
With CI=true, --yes or --dry-run, or without a terminal, it asks nothing and
takes the answers from the flags, then from the project's files (each detected
value is printed with its file); if the language or entry point is unclear it
stops and names the flag to set.

Run:
  -y, --yes                   accept defaults for every value not given
      --profile FILE          read answers from a YAML or JSON profile
      --dry-run               print the plan, write nothing
      --diff                  with --dry-run: also print the diff of changed files
      --force                 replace files that differ (each keeps a .bak)
  -h, --help                  this help
  -v, --version               the version

Service:
      --name NAME             app name, a DNS-1123 label (default: folder name)
      --namespace NS          Kubernetes namespace (default: the name)
      --image REPO            image repository, registry/owner/name
      --tag TAG               image tag the Deployment runs (default: 0.1.0)
      --repository OWNER/REPO source repository, for the signing identity
      --branch BRANCH         branch CI signs from (default: main)
      --service-dir DIR       in a monorepo, the service folder relative to the
                              repository root (default: found from .git; .
                              for the root itself); its workflow goes to the
                              root's .github/workflows, filtered to DIR
      --language LANG         node | python | go | java | rust
      --runtime-version V     node 22|24, python 3.13, go 1.25|1.26,
                              java 17|21|25, rust 1.91
      --build-tool TOOL       npm|pnpm|yarn, pip|poetry|uv, go, maven|gradle,
                              cargo
      --entrypoint ENTRY      node: dist/server.js; python: app.py or pkg.main;
                              go: ./cmd/server; java: target/app.jar;
                              rust: binary name
      --command "CMD ARGS"    python: run this instead (exec form, no shell),
                              e.g. "uvicorn app:app --host 0.0.0.0"
      --port N                1-65535; below 1024 sets net.ipv4.ip_unprivileged_port_start=0
      --replicas N            (default: 2; above 1 adds a PodDisruptionBudget)
      --probes KIND           tcp | http:/PATH | none (default: none with
                              --exposure none, else tcp; no exec: distroless)
      --cpu-request Q  --cpu-limit Q  --memory-request Q  --memory-limit Q

Network:
      --exposure KIND         public | internal | none (default: public)
      --route KIND            public: gateway (a Gateway API HTTPRoute, default)
                              | ingress (an Ingress)
      --gateway NS/NAME       the Gateway it attaches to (default:
                              gateway-system/public)
      --hostnames H,H         hosts the route answers for (default: any)
      --ingress-class NAME    with --route ingress (default: the cluster's)
      --ingress-namespace NS  where the pods that forward outside traffic run
                              (default: the Gateway's namespace, or ingress-nginx)
      --ingress-labels K=V,.. their pod labels (default: the label Gateway
                              API implementations put on a Gateway's pods,
                              gateway.networking.k8s.io/gateway-name=NAME)
      --clients APP,NS/APP    apps allowed to connect (internal)
      --egress LIST           postgres, mysql, redis, mongodb, https,
                              SERVICE=CIDR[:PORT], SERVICE=[NS/]APP[:PORT],
                              custom=CIDR:PORT. DNS is always allowed; the
                              metadata address 169.254.169.254 never is.
      --writable PATHS        writable paths, each an emptyDir (default: /tmp)
      --assets PATHS          project files the app reads at run time (ui,
                              templates), copied into a Go, Rust or Java
                              runtime image (default: what an existing
                              Dockerfile's final stage copies)

Supply chain:
      --ci SYSTEM             github | gitlab | none (default: github)
      --severity LIST         Trivy fails at these (default: CRITICAL,HIGH)
      --[no-]ignore-unfixed   skip CVEs without a fix (default: on)
      --[no-]sbom             publish an SBOM (default: on)
      --sign MODE             keyless | key | none (default: keyless)
      --public-key FILE       cosign.pub, for --sign key with admission
      --admission KIND        kyverno | sigstore | none (default: kyverno)
      --[no-]falco            Falco rules for the app (default: on)
      --shell-parents LIST    processes allowed to start a shell in the app

The answers are saved in dir/.secure-container.yaml; running again in dir
regenerates the same files. Existing files are never replaced silently: a file
that differs stops the run unless --force is given.

Other commands (each has --help):
  audit [dir|-]               audit an existing repository and report findings
  rules                       list the audit rules
  explain RULE                why a rule matters, what it detects, how to fix it

Exit codes: 0 done; 1 nothing written because existing files differ or the
questions were cancelled; 2 bad input; 130 interrupted with Ctrl-C (nothing
written unless the write had begun, and no file is ever half-written).
`;

export const DOCTOR_HELP = `Usage: create-secure-container doctor

Lists the optional tools, whether each is installed and its version, and where
to get the missing ones: docker, trivy, cosign, kubectl, hadolint, falco. None
is required; after writing, the wizard offers to run the installed ones on the
generated files (trivy config, kubectl kustomize, hadolint: all offline; docker
build only when the Docker daemon answers). A failed check makes the wizard
exit 1; the files stay written.

Exit codes: 0 always (missing tools are information, not an error).
`;

export const AUDIT_HELP = `Usage: create-secure-container audit [dir|FILE|-] [flags]

Audits the Dockerfiles, Kubernetes manifests, CI workflows, Falco rules and
configuration files in dir (default: the current directory) and reports what
weakens the container's security. Nothing from the repository is executed.
.gitignore files are respected; node_modules, vendor and .git are skipped;
symbolic links out of dir are not followed; binary files and files over 1 MiB
are skipped with a note.

With - it reads one multi-document manifest stream from standard input,
reported as stdin.yaml:
  helm template ./chart | create-secure-container audit -
With FILE it audits that one Dockerfile, manifest or workflow; its folder holds
the suppressions.

In a terminal (stdin and stdout a TTY, CI unset, no --format, -o, --fix,
--baseline or --no-interactive, a folder) it opens an interactive browser: findings by rule or file,
details, fix previews, undo and suppressions. Elsewhere it prints the report:
a summary by rule, most severe first, then each file's findings by severity.

Flags:
      --format FORMAT         text (default), json or sarif (GitHub code
                              scanning); the JSON schema is versioned, see
                              docs/audit-json-schema.md
  -o, --output FILE           write the report to FILE instead of stdout
      --fail-on SEVERITY      exit 1 when a finding is at or above it:
                              critical, high (default), medium, low, info,
                              or none to never fail
      --only LIST             run only these rules or areas (comma-separated;
                              e.g. dockerfile,k8s/privileged); parse errors are
                              still reported
      --skip LIST             do not run these rules or areas
      --fix                   apply every automatic fix that has no caveat,
                              print what was fixed, why the rest was not, and
                              the diffs; then audit again and report the rest
      --fix=all               apply fixes with a caveat too (listing what to
                              check)
      --dry-run               with --fix: print all that, write nothing
      --baseline FILE         report only findings not in FILE, an earlier
                              --format json report (matched by content, not
                              line); those do not count for --fail-on
      --min-severity SEV      leave findings below SEV out of the report;
                              they still count for --fail-on
      --exclude GLOB          do not audit files matching GLOB (repeatable;
                              also audit.exclude in .secure-container.yaml)
      --fix-edits             JSON and SARIF carry each fix's text edits
                              (slower on large repositories)
      --include-tests         findings in test, fixture, docs and example
                              paths count for --fail-on too (they are always
                              reported, apart, marked with their scope)
      --no-interactive        print the report even in a terminal
      --[no-]color            colour the text report (default: when stdout is
                              a terminal; NO_COLOR turns it off)
  -h, --help                  this help

Suppressing a finding (always say why):
  # secure-container-ignore RULE reason       on the line, or the line above
  # hadolint ignore=DL3002 # reason           honoured for the rules mapped
                                              to that hadolint check
  .secure-container.yaml:
    audit:
      suppressions:
        - rule: k8s/host-path                 a rule id or an area
          path: charts/agent/**               a glob (default: every file)
          reason: the log agent reads /var/log
          until: 2026-12-31                   counts again after this day
A suppression without a reason still applies and is reported as
audit/suppression-without-reason.

Exit codes: 0 no finding at or above --fail-on, 1 at least one (after --fix,
of what is left), 2 bad input or a file that cannot be read or written.
`;

export const RULES_HELP = `Usage: create-secure-container rules [--format text|json]

Lists every audit rule: id, area, severity, title, the equivalent checks of
other tools (hadolint, trivy, kube-linter, zizmor, Pod Security Standards) and
whether it can fix what it finds. --format json prints
{"version": 1, "rules": [{id, area, severity, title, refs, fixable}]}.
`;

export const EXPLAIN_HELP = `Usage: create-secure-container explain RULE

Prints a rule's title, severity and equivalent checks, then Why it matters,
what it Detects and how to Fix it. RULE is a rule id (dockerfile/root-user)
or another tool's id that a rule maps to (DL3002, KSV-0017).
`;

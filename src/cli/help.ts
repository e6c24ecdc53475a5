// The --help text. Plain text, no colour, fits 80 columns.
export const GENERATE_HELP = `Usage: create-secure-container [dir] [flags]

Generates a hardened container setup into dir (default: the current directory):
a distroless non-root Dockerfile, restricted Kubernetes manifests with a
default-deny NetworkPolicy, Falco rules, a CI workflow that scans and signs,
and an admission policy that verifies the signature at deploy time.

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
      --language LANG         node | python | go | java | rust
      --runtime-version V     node 22|24, python 3.13, go 1.25|1.26,
                              java 17|21|25, rust 1.91
      --build-tool TOOL       npm|pnpm|yarn, pip|poetry|uv, go, maven|gradle,
                              cargo
      --entrypoint ENTRY      node: dist/server.js; python: app.py or pkg.main;
                              go: ./cmd/server; java: target/app.jar;
                              rust: binary name
      --port N                1-65535; below 1024 adds only NET_BIND_SERVICE
      --replicas N            (default: 2; above 1 adds a PodDisruptionBudget)
      --cpu-request Q  --cpu-limit Q  --memory-request Q  --memory-limit Q

Network:
      --exposure KIND         public | internal | none (default: public)
      --ingress-namespace NS  where the ingress controller runs (public)
      --ingress-labels K=V,.. its pod labels (public)
      --clients APP,NS/APP    apps allowed to connect (internal)
      --egress LIST           postgres, mysql, redis, mongodb, https,
                              SERVICE=CIDR[:PORT], SERVICE=[NS/]APP[:PORT],
                              custom=CIDR:PORT. DNS is always allowed; the
                              metadata address 169.254.169.254 never is.
      --writable PATHS        writable paths, each an emptyDir (default: /tmp)

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

Exit codes: 0 done, 1 existing files differ (nothing written), 2 bad input.
`;

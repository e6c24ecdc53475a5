// A seeded synthetic monorepo for the audit benchmark (issue 9): 1,000 services, each with a
// Dockerfile and a manifest file, 200 workflows, source files, and node_modules noise the audit
// must skip; about 5,500 files. Nothing is committed: the bench writes it to a temp folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A small deterministic generator (mulberry32), so every run audits the same repository. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASES = ['node:22.11.0-bookworm-slim', 'python:3.13-slim', 'golang:1.25', 'eclipse-temurin:21-jre', 'ubuntu:latest', 'alpine'];

function dockerfile(next, name) {
  const base = BASES[Math.floor(next() * BASES.length)];
  const lines = [`# ${name}`, `FROM ${base} AS build`, 'WORKDIR /src', 'COPY package.json ./'];
  const steps = 10 + Math.floor(next() * 25);
  for (let i = 0; i < steps; i++) {
    const kind = next();
    if (kind < 0.3) lines.push(`RUN apt-get update && apt-get install -y curl=7.88.1-10 ca-certificates && rm -rf /var/lib/apt/lists/*`);
    else if (kind < 0.5) lines.push(`RUN echo step-${i} > /tmp/step-${i} && \\\n    chmod 644 /tmp/step-${i}`);
    else if (kind < 0.7) lines.push(`ENV STEP_${i}=value-${i}`);
    else if (kind < 0.8) lines.push(`ADD src/file-${i}.txt /src/`);
    else lines.push(`COPY src/ /src/part-${i}/`);
  }
  lines.push('FROM gcr.io/distroless/nodejs22-debian13:nonroot', 'COPY --from=build /src /app');
  if (next() < 0.5) lines.push('USER 65532:65532');
  lines.push('EXPOSE 8080', next() < 0.5 ? 'CMD ["node", "/app/server.js"]' : 'CMD node /app/server.js');
  return `${lines.join('\n')}\n`;
}

function manifest(next, name) {
  const hardened = next() < 0.5;
  const securityContext = hardened
    ? '          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities: {drop: [ALL]}\n            seccompProfile: {type: RuntimeDefault}\n'
    : next() < 0.3
      ? '          securityContext:\n            privileged: true\n'
      : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: team-${Math.floor(next() * 20)}
  labels: {app: ${name}}
spec:
  replicas: ${1 + Math.floor(next() * 3)}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: ghcr.io/example/${name}:1.${Math.floor(next() * 20)}.0
          ports: [{containerPort: 8080}]
${securityContext}          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: team-${Math.floor(next() * 20)}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
`;
}

function workflow(next, index) {
  const pinned = next() < 0.5;
  return `name: build-${index}
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${pinned ? '11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2' : 'v4'}
      - name: Build
        run: |
          docker build -t ghcr.io/example/svc-${index}:\${{ github.sha }} services/svc-${index}
          echo "built \${{ github.event.pull_request.title }}"
      - name: Scan
        uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: ghcr.io/example/svc-${index}:\${{ github.sha }}
          exit-code: '${next() < 0.5 ? 1 : 0}'
`;
}

/** Writes the repository into `root` and returns what it holds. */
export function writeSyntheticRepo(root, { seed = 42, services = 1000, workflows = 200, noise = 2000 } = {}) {
  const next = random(seed);
  const counts = { dockerfiles: 0, manifests: 0, workflows: 0, sources: 0, noise: 0 };
  const write = (relative, text) => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  for (let i = 0; i < services; i++) {
    const name = `svc-${String(i).padStart(4, '0')}`;
    write(`services/${name}/Dockerfile`, dockerfile(next, name));
    write(`services/${name}/k8s/deployment.yaml`, manifest(next, name));
    if (i % 3 !== 0) write(`services/${name}/src/server.js`, `const port = process.env.PORT ?? 8080;\nrequire('http').createServer((q, s) => s.end('${name}')).listen(port);\n`);
    counts.dockerfiles++;
    counts.manifests++;
    if (i % 3 !== 0) counts.sources++;
  }
  for (let i = 0; i < workflows; i++) write(`.github/workflows/build-${i}.yml`, workflow(next, i));
  counts.workflows = workflows;
  for (let i = 0; i < noise; i++) write(`node_modules/pkg-${i % 400}/lib/file-${i}.js`, `module.exports = ${i};\n`);
  counts.noise = noise;
  write('.gitignore', 'dist/\n*.log\n');
  return counts;
}

// coherence/read-only-without-tmp reports a read-only root filesystem only where the repo shows
// that the container writes temporary files: small repositories shaped like real projects.
import { describe, expect, it } from 'vitest';
import { readOnlyWithoutTmp } from '../../../../src/audit/rules/coherence/read-only-without-tmp.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** A Deployment of one read-only container; `extra` goes under the container (command, env, volumeMounts). */
const deployment = (name: string, image: string, extra = '', podExtra = '') =>
  lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${name}}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${image}`,
    '          securityContext:',
    '            readOnlyRootFilesystem: true',
    '            allowPrivilegeEscalation: false',
  ) +
  extra +
  podExtra;

const workflow = (image: string, context: string) =>
  lines('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', `      - run: docker build -t ${image} ${context}`);

const messages = (files: Record<string, string>) => runRule(readOnlyWithoutTmp, files).map((finding) => finding.message);

// --- a Flask app run by gunicorn (the voting app's vote service) -------------------------------

const FLASK_APP = lines('from flask import Flask', 'app = Flask(__name__)', '', '@app.route("/")', 'def hello():', '    return "ok"');
const flaskDockerfile = (cmd: string) =>
  lines(
    'FROM python:3.13-slim',
    'WORKDIR /usr/local/app',
    'COPY requirements.txt ./requirements.txt',
    'RUN pip install --no-cache-dir -r requirements.txt',
    'COPY . .',
    'USER 10001',
    'EXPOSE 8080',
    cmd,
  );
const GUNICORN_CMD = 'CMD ["gunicorn", "app:app", "-b", "0.0.0.0:8080", "--log-file", "-", "--workers", "4"]';

const flaskRepo = (cmd: string, extra = '') => ({
  'vote/app.py': FLASK_APP,
  'vote/requirements.txt': 'Flask==3.1.0\ngunicorn==23.0.0\n',
  'vote/Dockerfile': flaskDockerfile(cmd),
  '.github/workflows/vote.yml': workflow('ghcr.io/acme/vote:${{ github.sha }}', 'vote'),
  'k8s/vote.yaml': deployment('vote', 'ghcr.io/acme/vote:1.4.0', extra),
});

describe('gunicorn', () => {
  it("reports gunicorn run by the image's CMD, with the evidence in the message", () => {
    const files = flaskRepo(GUNICORN_CMD);
    expect(check(readOnlyWithoutTmp, files)).toEqual([{ at: 'k8s/vote.yaml:16:37', text: 'true', severity: 'info' }]);
    expect(messages(files)).toEqual([
      'container "vote" of Deployment "vote" has a read-only root filesystem and no writable volume at /tmp, where it writes: ' +
        "gunicorn (its CMD in vote/Dockerfile) creates its worker heartbeat files in Python's temporary directory (no --worker-tmp-dir).",
    ]);
  });

  it('reads a shell-form CMD, python -m gunicorn and an entrypoint script that execs its arguments', () => {
    expect(messages(flaskRepo('CMD gunicorn app:app --bind 0.0.0.0:8080 --workers "$WORKERS"'))).toHaveLength(1);
    expect(messages(flaskRepo('CMD ["python", "-m", "gunicorn", "app:app"]'))).toHaveLength(1);
    expect(messages(flaskRepo('ENTRYPOINT ["/usr/local/app/docker-entrypoint.sh"]\nCMD ["gunicorn", "app:app"]'))).toHaveLength(1);
    expect(messages(flaskRepo('ENTRYPOINT ["tini", "--"]\nCMD ["sh", "-c", "exec gunicorn app:app --bind 0.0.0.0:$PORT"]'))).toHaveLength(1);
  });

  it("reports gunicorn run by the manifest's command, for an image built elsewhere too", () => {
    const command = lines('          command: ["gunicorn"]', '          args: ["--bind", "0.0.0.0:8080", "app:app"]');
    const files = { 'k8s/vote.yaml': deployment('vote', 'docker.io/acme/vote:1.4.0', command) };
    expect(messages(files)).toEqual([expect.stringContaining('gunicorn (its command in k8s/vote.yaml) creates its worker heartbeat files')]);
    // args over the image's ENTRYPOINT: the args name gunicorn.
    const args = '          args: ["gunicorn", "app:app", "--workers", "2"]\n';
    expect(messages({ ...flaskRepo('CMD ["python", "app.py"]', args) })).toEqual([expect.stringContaining('gunicorn (its args in k8s/vote.yaml)')]);
  });

  it('passes --worker-tmp-dir /dev/shm, wherever it is set', () => {
    expect(messages(flaskRepo('CMD ["gunicorn", "app:app", "--worker-tmp-dir", "/dev/shm"]'))).toEqual([]);
    expect(messages(flaskRepo('CMD ["gunicorn", "--worker-tmp-dir=/dev/shm", "app:app"]'))).toEqual([]);
    expect(messages(flaskRepo('ENV GUNICORN_CMD_ARGS="--workers 4 --worker-tmp-dir /dev/shm"\n' + GUNICORN_CMD))).toEqual([]);
    const config = { ...flaskRepo(GUNICORN_CMD), 'vote/gunicorn.conf.py': lines('bind = "0.0.0.0:8080"', 'worker_tmp_dir = "/dev/shm"') };
    expect(messages(config)).toEqual([]);
    const env = '          env:\n            - {name: GUNICORN_CMD_ARGS, value: "--worker-tmp-dir /dev/shm"}\n';
    expect(messages(flaskRepo(GUNICORN_CMD, env))).toEqual([]);
  });

  it('passes a writable volume at /tmp or at one of the directories Python falls back to', () => {
    const mount = (path: string) => `          volumeMounts:\n            - {name: scratch, mountPath: ${path}}\n`;
    expect(messages(flaskRepo(GUNICORN_CMD, mount('/tmp')))).toEqual([]);
    expect(messages(flaskRepo(GUNICORN_CMD, mount('/var/tmp')))).toEqual([]);
    // The working directory is Python's last resort.
    expect(messages(flaskRepo(GUNICORN_CMD, mount('/usr/local/app')))).toEqual([]);
    expect(messages(flaskRepo(GUNICORN_CMD, '          volumeMounts:\n            - {name: tmp, mountPath: /tmp, readOnly: true}\n'))).toHaveLength(1);
  });

  it('reports a worker_tmp_dir that is not writable, and stays silent on a config the repo does not show', () => {
    const config = { ...flaskRepo(GUNICORN_CMD), 'vote/gunicorn.conf.py': "worker_tmp_dir = '/run/gunicorn'\n" };
    expect(messages(config)).toEqual([expect.stringContaining('no writable volume at /run/gunicorn, where it writes: gunicorn (its CMD in vote/Dockerfile) creates its worker heartbeat files in its worker_tmp_dir, /run/gunicorn')]);
    const computed = { ...flaskRepo(GUNICORN_CMD), 'vote/gunicorn.conf.py': 'import os\nworker_tmp_dir = os.environ.get("WORKER_TMP", "/dev/shm")\n' };
    expect(messages(computed)).toEqual([]);
    expect(messages(flaskRepo('CMD ["gunicorn", "-c", "/etc/gunicorn/settings.py", "app:app"]'))).toEqual([]);
  });
});

// --- a Spring Boot web app built with Maven --------------------------------------------------

const POM = (starter: string) =>
  lines(
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <parent>',
    '    <groupId>org.springframework.boot</groupId>',
    '    <artifactId>spring-boot-starter-parent</artifactId>',
    '    <version>3.5.0</version>',
    '  </parent>',
    '  <groupId>com.acme</groupId>',
    '  <artifactId>orders</artifactId>',
    '  <dependencies>',
    '    <dependency>',
    '      <groupId>org.springframework.boot</groupId>',
    `      <artifactId>${starter}</artifactId>`,
    '    </dependency>',
    '    <dependency>',
    '      <groupId>org.springframework.boot</groupId>',
    '      <artifactId>spring-boot-starter-actuator</artifactId>',
    '    </dependency>',
    '  </dependencies>',
    '</project>',
  );
const SPRING_DOCKERFILE = lines(
  'FROM maven:3.9-eclipse-temurin-21 AS build',
  'WORKDIR /src',
  'COPY pom.xml .',
  'RUN mvn -B dependency:go-offline',
  'COPY src ./src',
  'RUN mvn -B package -DskipTests',
  '',
  'FROM eclipse-temurin:21-jre',
  'WORKDIR /app',
  'COPY --from=build /src/target/orders.jar app.jar',
  'USER 10001',
  'ENTRYPOINT ["java", "-jar", "/app/app.jar"]',
);
const springRepo = (starter: string, extra = '') => ({
  'orders/pom.xml': POM(starter),
  'orders/src/main/java/com/acme/orders/OrdersApplication.java': 'package com.acme.orders;\n',
  'orders/Dockerfile': SPRING_DOCKERFILE,
  '.github/workflows/orders.yml': workflow('ghcr.io/acme/orders:latest', 'orders'),
  'deploy/orders.yaml': deployment('orders', 'ghcr.io/acme/orders:2.0.0', extra),
});

describe('Spring Boot', () => {
  it('reports a Spring Boot web app whose Dockerfile a workflow builds', () => {
    expect(messages(springRepo('spring-boot-starter-web'))).toEqual([
      'container "orders" of Deployment "orders" has a read-only root filesystem and no writable volume at /tmp, where it writes: ' +
        'its image (built by orders/Dockerfile) runs a Spring Boot app with spring-boot-starter-web (orders/pom.xml), ' +
        "whose embedded web server creates its directories in java.io.tmpdir at startup.",
    ]);
    expect(messages(springRepo('spring-boot-starter-jetty'))).toHaveLength(1);
    expect(runRule(readOnlyWithoutTmp, springRepo('spring-boot-starter-web'))[0]?.fix?.description).toBe('Mount an emptyDir ("tmp", sizeLimit 64Mi) at /tmp in container "orders"');
  });

  it('links the Dockerfile without CI through the nearest Dockerfile above the manifest', () => {
    const files = {
      'pom.xml': POM('spring-boot-starter-web'),
      'Dockerfile': SPRING_DOCKERFILE,
      'k8s/orders.yaml': deployment('orders', 'registry.acme.dev/shop/orders:2.0.0'),
    };
    expect(messages(files)).toEqual([expect.stringContaining('spring-boot-starter-web (pom.xml)')]);
  });

  it('reads Gradle builds, and leaves out commented and non-servlet starters', () => {
    const { 'orders/pom.xml': _maven, ...gradle } = {
      ...springRepo('spring-boot-starter-webflux'),
      'orders/settings.gradle.kts': 'rootProject.name = "orders"\n',
      'orders/build.gradle.kts': lines(
        'plugins { id("org.springframework.boot") version "3.5.0" }',
        'tasks.jacocoTestReport { classDirectories.setFrom(fileTree("build/classes") { exclude("**/*Config*") }) }',
        'dependencies {',
        '    implementation("org.springframework.boot:spring-boot-starter-web")',
        '}',
      ),
    };
    expect(messages(gradle)).toEqual([expect.stringContaining('spring-boot-starter-web (orders/build.gradle.kts)')]);
    expect(messages(springRepo('spring-boot-starter-webflux'))).toEqual([]);
    const commented = { ...springRepo('spring-boot-starter-actuator'), 'orders/pom.xml': POM('spring-boot-starter-actuator').replace('<dependencies>', '<dependencies>\n    <!-- <artifactId>spring-boot-starter-web</artifactId> -->') };
    expect(messages(commented)).toEqual([]);
    const blockComment = lines('dependencies {', '    /*', '    implementation("org.springframework.boot:spring-boot-starter-web")', '    */', '    implementation("org.springframework.boot:spring-boot-starter-webflux")', '}');
    expect(messages({ ...gradle, 'orders/build.gradle.kts': blockComment })).toEqual([]);
  });

  it('passes a writable /tmp, or a writable -Djava.io.tmpdir', () => {
    expect(messages(springRepo('spring-boot-starter-web', '          volumeMounts:\n            - {name: tmp, mountPath: /tmp}\n'))).toEqual([]);
    const tmpdir = lines(
      '          env:',
      '            - {name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/work/tmp"}',
      '          volumeMounts:',
      '            - {name: work, mountPath: /work}',
    );
    expect(messages(springRepo('spring-boot-starter-web', tmpdir))).toEqual([]);
  });
});

// --- a declared temporary directory that is not writable --------------------------------------

describe('declared temporary directories', () => {
  const GO_DOCKERFILE = lines('FROM golang:1.25 AS build', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /out/api /api', 'ENTRYPOINT ["/api"]');
  const goRepo = (extra: string) => ({
    'go.mod': 'module github.com/acme/api\n\ngo 1.25\n',
    'cmd/api/main.go': 'package main\n\nfunc main() {}\n',
    'Dockerfile': GO_DOCKERFILE,
    '.github/workflows/ci.yml': workflow('ghcr.io/acme/api:latest', '.'),
    'k8s/api.yaml': deployment('api', 'ghcr.io/acme/api:1.0.0', extra),
  });

  it('reports TMPDIR pointing at a path no writable volume covers, and offers no /tmp fix for it', () => {
    const [finding] = runRule(readOnlyWithoutTmp, goRepo('          env:\n            - {name: TMPDIR, value: /scratch}\n'));
    expect(finding?.message).toBe(
      'container "api" of Deployment "api" has a read-only root filesystem and no writable volume at /scratch, where it writes: TMPDIR is set to /scratch (env in k8s/api.yaml).',
    );
    expect(finding?.fix).toBeUndefined();
    expect(finding?.noFix).toMatch(/writes to \/scratch, not \/tmp itself: mount a writable volume/);
    const mounted = '          env:\n            - {name: TMPDIR, value: /scratch}\n          volumeMounts:\n            - {name: scratch, mountPath: /scratch}\n';
    expect(messages(goRepo(mounted))).toEqual([]);
  });

  it('reports -Djava.io.tmpdir from JAVA_TOOL_OPTIONS, the Dockerfile ENV or the command line', () => {
    const env = '          env:\n            - {name: JAVA_TOOL_OPTIONS, value: "-Xss512k -Djava.io.tmpdir=/var/cache/app"}\n';
    expect(messages(goRepo(env))).toEqual([expect.stringContaining('-Djava.io.tmpdir=/var/cache/app is set (JAVA_TOOL_OPTIONS, env in k8s/api.yaml)')]);
    const spring = { ...springRepo('spring-boot-starter-web'), 'orders/Dockerfile': SPRING_DOCKERFILE.replace('USER 10001', 'ENV JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=/data/tmp"\nUSER 10001') };
    const [message] = messages(spring);
    expect(message).toContain('no writable volume at /data/tmp, where it writes: its image (built by orders/Dockerfile) runs a Spring Boot app');
    expect(message).toContain('java.io.tmpdir (/data/tmp) at startup; -Djava.io.tmpdir=/data/tmp is set (JAVA_TOOL_OPTIONS, ENV in orders/Dockerfile)');
    const command = '          command: ["java", "-Djava.io.tmpdir=/cache", "-jar", "/app/app.jar"]\n';
    expect(messages(goRepo(command))).toEqual([expect.stringContaining('-Djava.io.tmpdir=/cache is set (its command in k8s/api.yaml)')]);
  });

  it('passes a plain Go service: no evidence, no finding', () => {
    expect(messages(goRepo(''))).toEqual([]);
  });
});

// --- an image whose configuration writes to /tmp ----------------------------------------------

describe('nginxinc/nginx-unprivileged', () => {
  it('reports the image, run directly or built FROM', () => {
    expect(messages({ 'k8s/web.yaml': deployment('web', 'nginxinc/nginx-unprivileged:1.29-alpine') })).toEqual([
      'container "web" of Deployment "web" has a read-only root filesystem and no writable volume at /tmp, where it writes: ' +
        'its image, nginxinc/nginx-unprivileged, keeps the nginx pid file and the *_temp_path directories in /tmp (its nginx.conf).',
    ]);
    const built = {
      'web/Dockerfile': 'FROM docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine3.22\nCOPY dist/ /usr/share/nginx/html/\n',
      '.github/workflows/web.yml': workflow('ghcr.io/acme/web:latest', 'web'),
      'k8s/web.yaml': deployment('web', 'ghcr.io/acme/web:3.1.0'),
    };
    expect(messages(built)).toEqual([expect.stringContaining('the image its Dockerfile (web/Dockerfile) builds FROM, nginxinc/nginx-unprivileged')]);
  });

  it("passes the image with the repo's own nginx.conf, and the official nginx image", () => {
    const ownConfig = '          volumeMounts:\n            - {name: config, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}\n';
    expect(messages({ 'k8s/web.yaml': deployment('web', 'nginxinc/nginx-unprivileged:1.29-alpine', ownConfig) })).toEqual([]);
    expect(messages({ 'k8s/web.yaml': deployment('web', 'nginx:1.29-alpine') })).toEqual([]);
  });
});

// --- the repo's own profile ---------------------------------------------------------------------

describe('create-secure-container profile', () => {
  const cron = deployment('cron', 'quay.io/acme/cron:1');
  const profile = (paths: string) => `version: 1\nprofile:\n  name: cron\n  writablePaths: ${paths}\n`;

  it('reports an app whose profile lists /tmp (or a folder in it) as writable', () => {
    expect(check(readOnlyWithoutTmp, { 'k8s/cron.yaml': cron, '.secure-container.yaml': profile('[/tmp, /var/cache/cron]') })).toEqual([
      { at: 'k8s/cron.yaml:16:37', text: 'true', severity: 'info' },
    ]);
    const [spool] = runRule(readOnlyWithoutTmp, { 'k8s/cron.yaml': cron, '.secure-container.yaml': profile('[/tmp/spool]') });
    expect(spool?.message).toContain('no writable volume at /tmp/spool, where it writes: its profile (.secure-container.yaml) lists /tmp/spool in writablePaths');
    // An empty volume at /tmp would not contain /tmp/spool: no fix that only looks right.
    expect(spool?.noFix).toMatch(/writes to \/tmp\/spool, not \/tmp itself/);
  });

  it('passes a profile without /tmp, and never reports an app whose profile declares writablePaths: []', () => {
    expect(messages({ 'k8s/cron.yaml': cron, '.secure-container.yaml': profile('[/data]') })).toEqual([]);
    expect(messages({ 'k8s/cron.yaml': cron })).toEqual([]);
    const gunicorn = deployment('cron', 'quay.io/acme/cron:1', '          command: ["gunicorn", "app:app"]\n');
    expect(messages({ 'k8s/cron.yaml': gunicorn })).toHaveLength(1);
    expect(messages({ 'k8s/cron.yaml': gunicorn, '.secure-container.yaml': profile('[]') })).toEqual([]);
  });
});

// --- hostile repository content -----------------------------------------------------------------

describe('repository content read as evidence', () => {
  const MiB = 1024 * 1024;
  const flask = () => flaskRepo(GUNICORN_CMD);
  const spring = () => springRepo('spring-boot-starter-actuator');
  it.each([
    ['a gunicorn config of 1 MiB of blanks before worker_tmp_dir', flask, 'vote/gunicorn.conf.py', `${' '.repeat(MiB)}worker_tmp_dir${' '.repeat(MiB)}=`],
    ['a gunicorn config of 1 MiB of unterminated quotes', flask, 'vote/gunicorn.conf.py', `worker_tmp_dir = ${'"'.repeat(MiB)}`],
    ['a pom.xml of repeated starter prefixes', spring, 'orders/pom.xml', '<artifactId>spring-boot-starter-'.repeat(40_000)],
    ['a pom.xml with an unterminated comment', spring, 'orders/pom.xml', `<!--${'<!-- '.repeat(200_000)}`],
    ['a build.gradle of block comment openers', spring, 'orders/build.gradle', '/*'.repeat(500_000)],
    ['a build.gradle of 1 MiB of starter names', spring, 'orders/build.gradle', 'spring-boot-starter-webflux'.repeat(40_000)],
  ])('%s is read in linear time', (_name, repo, path, text) => {
    const files = { ...repo(), [path]: text };
    const started = performance.now();
    runRule(readOnlyWithoutTmp, files);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

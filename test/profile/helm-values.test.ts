// Issue 10: the port a Helm chart in the project deploys the app on (values.yaml), read with the
// app's port before the Service's, below raw manifests and above the code and EXPOSE.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/profile/detect.js';
import { helmChartPort, parseValues, portInValues } from '../../src/profile/detect/helm-values.js';
import { ProjectFiles } from '../../src/profile/detect/project-files.js';
import { tempProjectPerTest, writeFiles } from '../helpers/temp-project.js';

const offline = { git: false } as const;

let dir: string;
tempProjectPerTest('csc-helm-', (created) => (dir = created));
const files = (entries: Record<string, string>) => writeFiles(dir, entries);

const port = (yaml: string) => portInValues(parseValues(yaml));

describe('a chart in the project', () => {
  it('go-helm: the targetPort of charts/inventory/values.yaml, not the Service port 80 nor EXPOSE 80', async () => {
    const found = await detect(path.resolve(import.meta.dirname, '../fixtures/projects/go-helm'), offline);
    expect(found.input.port).toBe(8080);
    expect(found.sources.port).toBe('charts/inventory/values.yaml service.targetPort');
    expect(found.input).toMatchObject({ language: 'go', entrypoint: '.' });
  });

  it('reads chart/values.yaml and helm/<name>/values.yaml too, chart/ first', async () => {
    await files({ 'helm/api/values.yaml': 'service:\n  port: 9000\n' });
    expect(await helmChartPort(new ProjectFiles(dir))).toEqual({ value: 9000, file: 'helm/api/values.yaml', key: 'service.port' });
    await files({ 'chart/values.yaml': 'containerPort: 7000\n' });
    expect(await helmChartPort(new ProjectFiles(dir))).toEqual({ value: 7000, file: 'chart/values.yaml', key: 'containerPort' });
  });

  it('ranks below manifests and ENV PORT, above the code and EXPOSE', async () => {
    await files({
      'package.json': '{"name":"web","main":"server.js"}',
      'server.js': 'app.listen(4000);\n',
      Dockerfile: 'FROM node:22\nEXPOSE 3000\n',
      'charts/web/values.yaml': 'service:\n  port: 80\n  targetPort: 8081\n',
    });
    expect((await detect(dir, offline)).sources.port).toBe('charts/web/values.yaml service.targetPort');
    await files({ 'k8s/deployment.yaml': 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          ports: [{containerPort: 9090}]\n' });
    expect((await detect(dir, offline)).sources.port).toBe('k8s/deployment.yaml');
    await files({ Dockerfile: 'FROM node:22\nENV PORT=5000\n' });
    expect((await detect(dir, offline)).sources.port).toBe('Dockerfile ENV PORT');
  });
});

describe('the shapes of values.yaml', () => {
  it('prefers the app port (containerPort, targetPort) to the Service port, whatever the key order', () => {
    expect(port('service:\n  port: 80\n  targetPort: 8080\n')).toEqual({ value: 8080, key: 'service.targetPort' });
    expect(port('service:\n  port: 80\ncontainerPort: 3000\n')).toEqual({ value: 3000, key: 'containerPort' });
    expect(port('service:\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8000\n')).toEqual({ value: 8000, key: 'service.ports[].targetPort' });
    expect(port('service:\n  ports:\n    - name: http\n      port: 8443\n')).toEqual({ value: 8443, key: 'service.ports[].port' });
    // Bitnami's layout: the container's ports, and the Service's by name.
    expect(port('containerPorts:\n  http: 8080\nservice:\n  ports:\n    http: 80\n')).toEqual({ value: 8080, key: 'containerPorts.http' });
    expect(port('ports:\n  http: 9898\n')).toEqual({ value: 9898, key: 'ports.http' });
  });

  it('takes only literal integers that are ports: a port name, a template or a string falls through', () => {
    expect(port('service:\n  port: 80\n  targetPort: http\n')).toEqual({ value: 80, key: 'service.port' });
    expect(port('containerPort: "{{ .Values.port }}"\nservice:\n  port: 8080\n')).toEqual({ value: 8080, key: 'service.port' });
    expect(port('containerPort: "8080"\n')).toBeUndefined();
    expect(port('containerPort: 70000\nservice:\n  port: 0\n')).toBeUndefined();
    expect(port('containerPort: 80.5\n')).toBeUndefined();
  });

  it('never throws on hostile or malformed values, and reads no inherited keys', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\ncontainerPort: 8080\n';
    for (const text of [bomb, 'service: [', '- 1\n- 2\n', 'just text', '', '---\n---\n', `${'['.repeat(5000)}`, '__proto__:\n  containerPort: 8080\n']) {
      expect(() => port(text)).not.toThrow();
      expect(port(text)).toBeUndefined();
    }
    // An alias within the bound is fine.
    expect(port('base: &p 8080\ncontainerPort: *p\n')).toEqual({ value: 8080, key: 'containerPort' });
  });

  it('does not follow a linked values.yaml, and skips one over the size cap', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'csc-helm-outside-'));
    try {
      await writeFile(path.join(outside, 'values.yaml'), 'containerPort: 8080\n');
      await mkdir(path.join(dir, 'charts/linked'), { recursive: true });
      await symlink(path.join(outside, 'values.yaml'), path.join(dir, 'charts/linked/values.yaml'));
      await symlink(outside, path.join(dir, 'charts/dirlink'));
      await files({ 'charts/big/values.yaml': `containerPort: 8080\n# ${'x'.repeat(1024 * 1024)}\n` });
      expect(await helmChartPort(new ProjectFiles(dir))).toBeUndefined();
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

// The generated renovate.json, for every profile of the test matrix and every language × build
// tool: valid JSON against Renovate's schema URL, digest pinning for the Dockerfile (and for
// GitHub Actions when the CI is GitHub), rules that name only images the Dockerfile uses, and a
// `# renovate:` annotation in the Dockerfile that Renovate's own preset regex really matches.
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/generate/plan.js';
import { buildView } from '../../src/generate/view.js';
import { CATALOGUE, LANGUAGES } from '../../src/profile/catalogue.js';
import type { Profile } from '../../src/profile/schema.js';
import { PROFILES, profileFrom } from '../helpers/profiles.js';

interface PackageRule {
  readonly description?: unknown;
  readonly matchManagers?: readonly string[];
  readonly matchPackageNames?: readonly string[];
  readonly matchUpdateTypes?: readonly string[];
  readonly matchFileNames?: readonly string[];
  readonly enabled?: boolean;
  readonly [option: string]: unknown;
}

interface RenovateConfig {
  readonly $schema?: string;
  readonly extends?: readonly string[];
  readonly dockerfile?: { readonly enabled?: boolean; readonly pinDigests?: boolean };
  readonly gitlabci?: { readonly pinDigests?: boolean };
  readonly packageRules?: readonly PackageRule[];
  readonly [option: string]: unknown;
}

/** Renovate managers the generated files can hold dependencies for. */
const MANAGERS = new Set(['dockerfile', 'custom.regex', 'github-actions', 'gitlabci']);

/**
 * The match string of Renovate's `customManagers:dockerfileVersions` preset
 * (lib/config/presets/internal/custom-managers.ts), so the test proves the Dockerfile's
 * annotation is one Renovate picks up rather than one that merely looks right.
 */
const DOCKERFILE_VERSIONS =
  /# renovate: datasource=(?<datasource>[a-zA-Z0-9-._]+?) depName=(?<depName>[^\s]+?)(?: (lookupName|packageName)=(?<packageName>[^\s]+?))?(?: versioning=(?<versioning>[^\s]+?))?(?: extractVersion=(?<extractVersion>[^\s]+?))?(?: registryUrl=(?<registryUrl>[^\s]+?))?\s(?:ENV|ARG)\s+[A-Za-z0-9_]+?_VERSION[ =]["']?(?<currentValue>.+?)["']?\s/g;

function combinations(): [string, Profile][] {
  return LANGUAGES.flatMap((language) =>
    CATALOGUE[language].buildTools.map((buildTool): [string, Profile] => [
      `${language} ${buildTool}`,
      profileFrom({ name: 'app', image: 'ghcr.io/acme/app', language, buildTool }),
    ]),
  );
}

const CASES: [string, Profile][] = [...Object.entries(PROFILES), ...combinations()];

function generated(profile: Profile) {
  const view = buildView(profile);
  const files = plan(profile);
  const content = (path: string) => files.find((file) => file.path === path)?.content ?? '';
  return { renovateJson: content('renovate.json'), dockerfile: content(view.paths.dockerfile), view };
}

/** Image repositories the Dockerfile builds FROM, as Renovate names them (node, gcr.io/distroless/...). */
function imagesOf(dockerfile: string): Set<string> {
  const stageNames = new Set<string>();
  const images = new Set<string>();
  for (const from of DockerfileParser.parse(dockerfile).getFROMs()) {
    const image = from.getImage() ?? '';
    if (!stageNames.has(image)) images.add(image.replace(/[:@].*$/, ''));
    const stage = from.getBuildStage();
    if (stage) stageNames.add(stage);
  }
  return images;
}

describe.each(CASES)('renovate.json for %s', (_name, profile) => {
  const { renovateJson, dockerfile, view } = generated(profile);
  const parse = () => JSON.parse(renovateJson) as RenovateConfig;

  it('is JSON with the schema and the recommended base', () => {
    expect(parse).not.toThrow();
    const config = parse();
    expect(config.$schema).toBe('https://docs.renovatebot.com/renovate-schema.json');
    expect(config.extends).toContain('config:recommended');
  });

  it('pins the Dockerfile FROM lines to digests', () => {
    const config = parse();
    expect(config.dockerfile?.pinDigests).toBe(true);
    expect(config.dockerfile?.enabled).not.toBe(false);
    expect(imagesOf(dockerfile).size).toBeGreaterThanOrEqual(2);
  });

  it('pins CI dependencies for the chosen CI system only', () => {
    const config = parse();
    expect(config.extends?.includes('helpers:pinGitHubActionDigests')).toBe(view.ci.github);
    expect(config.gitlabci?.pinDigests === true).toBe(view.ci.gitlab);
    const actionRules = (config.packageRules ?? []).filter((rule) => rule.matchManagers?.includes('github-actions'));
    expect(actionRules.length > 0).toBe(view.ci.github);
  });

  it('has rules that explain themselves and match only what the generated files hold', () => {
    const rules = parse().packageRules ?? [];
    expect(rules.length).toBeGreaterThan(0);
    const images = imagesOf(dockerfile);
    for (const rule of rules) {
      expect(typeof rule.description).toBe('string');
      expect(rule.matchManagers?.length).toBeGreaterThan(0);
      for (const manager of rule.matchManagers ?? []) expect(MANAGERS).toContain(manager);
      if (rule.matchManagers?.includes('dockerfile')) {
        for (const name of rule.matchPackageNames ?? []) expect(images).toContain(name);
      }
      for (const file of rule.matchFileNames ?? []) expect(file).toBe(view.paths.dockerfile);
    }
  });

  it('keeps the builder on the runtime version the distroless image fixes', () => {
    const rules = parse().packageRules ?? [];
    const disabled = (image: string, update: string) =>
      rules.some((rule) => rule.enabled === false && rule.matchPackageNames?.includes(image) && rule.matchUpdateTypes?.includes(update));
    // nodejs24-debian13 runs Node 24 only; python3-debian13 runs Python 3.13 only.
    expect(disabled('node', 'major')).toBe(view.language.node);
    expect(disabled('python', 'major')).toBe(view.language.python);
    expect(disabled('python', 'minor')).toBe(view.language.python);
    expect(disabled('python', 'patch')).toBe(false);
  });

  it("annotates pinned tools in a form Renovate's dockerfileVersions preset extracts", () => {
    expect(parse().extends).toContain('customManagers:dockerfileVersions');
    const annotations = dockerfile.split('\n').filter((line) => line.startsWith('# renovate:'));
    const extracted = [...dockerfile.matchAll(DOCKERFILE_VERSIONS)].map((match) => match.groups!);
    expect(extracted).toHaveLength(annotations.length);
    if (view.buildTool.poetry) {
      expect(extracted).toEqual([expect.objectContaining({ datasource: 'pypi', depName: 'poetry' })]);
      const version = extracted[0]!.currentValue!;
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(dockerfile).toContain('"poetry==${POETRY_VERSION}"');
    }
  });
});

// Issue 8 item 13: Renovate's gitlabci manager reads only image: and services:, so the cosign image
// pinned in a pipeline variable needs the regex manager; running its match string on the generated
// pipeline (with the flags Renovate uses: g and named groups) proves it finds the pin.
describe.each(Object.entries(PROFILES).filter(([, profile]) => profile.ci.system === 'gitlab' && profile.ci.sign !== 'none'))(
  'renovate.json for the GitLab pipeline of %s',
  (_name, profile) => {
    const view = buildView(profile);
    const files = plan(profile);
    const config = JSON.parse(files.find((file) => file.path === 'renovate.json')!.content) as RenovateConfig;
    const pipeline = files.find((file) => file.path === view.paths.workflow)!.content;
    const managers = config.customManagers as { customType: string; managerFilePatterns: string[]; matchStrings: string[] }[];

    it('has a regex manager for the pipeline file that extracts the pinned COSIGN_IMAGE', () => {
      expect(managers).toHaveLength(1);
      expect(managers[0]!.customType).toBe('regex');
      expect(managers[0]!.managerFilePatterns).toEqual([view.paths.workflow]);
      const found = managers[0]!.matchStrings.flatMap((source) => [...pipeline.matchAll(new RegExp(source, 'g'))].map((match) => match.groups));
      const image = /COSIGN_IMAGE: (\S+?):(v[^@\s]+)@(sha256:[0-9a-f]{64})/.exec(pipeline)!;
      expect(found).toEqual([{ datasource: 'docker', depName: image[1], currentValue: image[2], currentDigest: image[3] }]);
    });
  },
);

describe('renovate.json without GitLab', () => {
  it('has no custom manager for a pipeline it does not write', () => {
    const profile = Object.values(PROFILES).find((candidate) => candidate.ci.system === 'github')!;
    const config = JSON.parse(plan(profile).find((file) => file.path === 'renovate.json')!.content) as RenovateConfig;
    expect(config).not.toHaveProperty('customManagers');
  });
});

describe('imagesOf', () => {
  it('names the images a Dockerfile builds from, not its stages', () => {
    const dockerfile = 'FROM node:24.11.1-trixie-slim AS base\nFROM base AS build\nFROM gcr.io/distroless/nodejs24-debian13:nonroot@sha256:abc\n';
    expect([...imagesOf(dockerfile)]).toEqual(['node', 'gcr.io/distroless/nodejs24-debian13']);
  });
});

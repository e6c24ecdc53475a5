// Issue 10: the files an app reads at run time (a Go service's ui/, a frontend's templates/) are
// copied into the runtime stage, at the same relative paths from its working directory; the
// build-stage simulation checks that the build stage has them and the runtime stage gets them.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/generate/plan.js';
import { simulateBuild } from '../helpers/build-sim.js';
import { profileFrom } from '../helpers/profiles.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/projects/go-ui');

describe('runtime assets', () => {
  it('a Go service gets its ui/ next to the binary, in the runtime working directory', () => {
    const profile = profileFrom({ name: 'gallery', image: 'ghcr.io/acme/gallery', language: 'go', entrypoint: './cmd/server', port: 9797, assets: ['ui'] });
    const dockerfile = plan(profile).find((file) => file.path === 'Dockerfile')!.content;
    expect(dockerfile).toMatch(/^WORKDIR \/srv\nCOPY --from=build \/src\/ui \.\/ui$/m);
    const build = simulateBuild(dockerfile, FIXTURE);
    expect(build.runtime.files.has('/srv/ui/index.html')).toBe(true);
    expect(build.argv).toEqual(['/app']);
  });

  it('a missing asset fails the build simulation, as docker build would', () => {
    const profile = profileFrom({ name: 'gallery', image: 'ghcr.io/acme/gallery', language: 'go', entrypoint: './cmd/server', assets: ['static'] });
    const dockerfile = plan(profile).find((file) => file.path === 'Dockerfile')!.content;
    expect(() => simulateBuild(dockerfile, FIXTURE)).toThrow(/static/);
  });

  it('refuses paths outside the project', () => {
    expect(() => profileFrom({ name: 'g', image: 'ghcr.io/a/g', language: 'go', assets: ['../secrets'] })).toThrow(/assets.*\(--assets\).*inside the project/);
    expect(() => profileFrom({ name: 'g', image: 'ghcr.io/a/g', language: 'go', assets: ['/etc'] })).toThrow(/inside the project/);
  });
});

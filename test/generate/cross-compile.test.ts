// Multi-arch images without emulation: the Go build stage runs on the builder's platform and
// cross-compiles for the target one; the runtime stage is the target platform's distroless image.
import { DockerfileParser, From } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/generate/plan.js';
import { profileFrom } from '../helpers/profiles.js';

describe('Go Dockerfile', () => {
  const dockerfile = plan(profileFrom({ name: 'api', image: 'ghcr.io/acme/api', language: 'go' })).find((file) => file.path === 'Dockerfile')!.content;
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const froms = instructions.filter((instruction): instruction is From => instruction instanceof From);

  it('builds on $BUILDPLATFORM and runs on the target platform', () => {
    expect(froms).toHaveLength(2);
    expect(froms[0]!.getFlags().map((flag) => `${flag.getName()}=${flag.getValue()}`)).toEqual(['platform=$BUILDPLATFORM']);
    expect(froms[1]!.getFlags()).toEqual([]);
  });

  it('declares TARGETOS and TARGETARCH in the build stage and compiles for them without cgo', () => {
    const build = instructions.filter((instruction) => instruction.getRange().start.line > froms[0]!.getRange().start.line && instruction.getRange().start.line < froms[1]!.getRange().start.line);
    const text = (keyword: string) => build.filter((instruction) => instruction.getKeyword() === keyword).map((instruction) => instruction.getArgumentsContent());
    expect(text('ARG')).toContain('TARGETOS TARGETARCH');
    expect(text('ENV')).toContain('CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH');
    expect(text('RUN').some((run) => /\bgo build\b/.test(run ?? ''))).toBe(true);
  });
});

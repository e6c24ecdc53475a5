// Reading the images a repo's CI builds, and from which Dockerfile.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../../../src/audit/parse.js';
import { imageBuilds, imageRepository } from '../../../../src/audit/support/image-builds.js';

function buildsOf(files: Record<string, string>) {
  const { repo } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
  return imageBuilds(repo).map((b) => ({ image: b.display, specific: b.specific, dockerfile: b.dockerfile }));
}

describe('imageBuilds', () => {
  it('reads docker/build-push-action tags, env values and metadata-action images', () => {
    const workflow = `on: push
env:
  REGISTRY: ghcr.io
jobs:
  web:
    runs-on: ubuntu-latest
    env:
      IMAGE: \${{ env.REGISTRY }}/acme/web
    steps:
      - uses: docker/build-push-action@0000000000000000000000000000000000000000
        with:
          context: services/web
          tags: |
            \${{ env.IMAGE }}:\${{ github.sha }}
            \${{ env.IMAGE }}:latest
      - id: meta
        uses: docker/metadata-action@0000000000000000000000000000000000000000
        with:
          images: ghcr.io/\${{ github.repository }}
      - uses: docker/build-push-action@0000000000000000000000000000000000000000
        with:
          file: build/api.Dockerfile
          tags: \${{ steps.meta.outputs.tags }}
`;
    expect(buildsOf({ '.github/workflows/ci.yml': workflow })).toEqual([
      { image: 'ghcr.io/acme/web', specific: true, dockerfile: 'services/web/Dockerfile' },
      { image: 'ghcr.io/acme/web', specific: true, dockerfile: 'services/web/Dockerfile' },
      { image: 'ghcr.io/*', specific: false, dockerfile: 'build/api.Dockerfile' },
    ]);
  });

  it('takes the Dockerfile of a reusable build workflow from the context (and file) the caller passes', () => {
    const caller = (extra: string) => `on: push
jobs:
  vote:
    uses: dockersamples/.github/.github/workflows/reusable-docker-build.yaml@main
    with:
      image-names: |
        ghcr.io/dockersamples/example-voting-app-vote
        dockersamples/examplevotingapp_vote
${extra}`;
    expect(buildsOf({ '.github/workflows/vote.yaml': caller('      context: vote\n') }).map((b) => b.dockerfile)).toEqual(['vote/Dockerfile', 'vote/Dockerfile']);
    expect(buildsOf({ '.github/workflows/vote.yaml': caller('      context: vote\n      file: vote/Containerfile\n') })[0]!.dockerfile).toBe('vote/Containerfile');
    // Without a context or a file, the called workflow decides: no Dockerfile is assumed.
    expect(buildsOf({ '.github/workflows/vote.yaml': caller('') })[0]!.dockerfile).toBeUndefined();
  });

  it('reads docker build commands in run steps and GitLab scripts, kaniko included', () => {
    const workflow = `on: push
jobs:
  b:
    runs-on: ubuntu-latest
    steps:
      - run: |
          docker buildx build --platform linux/amd64 \\
            -f deploy/Dockerfile -t "quay.io/acme/cron:\${GITHUB_SHA}" --push .
`;
    const pipeline = `variables:
  IMAGE: $CI_REGISTRY_IMAGE/worker
build:
  script:
    - docker build -t "$IMAGE:$CI_COMMIT_SHA" worker
kaniko:
  script:
    - /kaniko/executor --context "$CI_PROJECT_DIR" --dockerfile "$CI_PROJECT_DIR/Dockerfile" --destination "registry.gitlab.com/acme/api:1"
`;
    expect(buildsOf({ '.github/workflows/b.yml': workflow, '.gitlab-ci.yml': pipeline })).toEqual([
      { image: 'quay.io/acme/cron', specific: true, dockerfile: 'deploy/Dockerfile' },
      { image: '*/worker', specific: true, dockerfile: 'worker/Dockerfile' },
      { image: 'registry.gitlab.com/acme/api', specific: true, dockerfile: 'Dockerfile' },
    ]);
  });

  it('normalises image references to registry/path', () => {
    expect(imageRepository('nginx:1.27')).toBe('docker.io/library/nginx');
    expect(imageRepository('acme/web')).toBe('docker.io/acme/web');
    expect(imageRepository('localhost:5000/web:1@sha256:abc')).toBe('localhost:5000/web');
    expect(imageRepository('GHCR.io/Acme/Web:1')).toBe('ghcr.io/acme/web');
  });
});

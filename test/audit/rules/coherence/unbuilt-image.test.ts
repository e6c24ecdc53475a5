import { describe, expect, it } from 'vitest';
import { unbuiltImage } from '../../../../src/audit/rules/coherence/unbuilt-image.js';
import { check } from '../_located.js';
import { runRule } from '../../../helpers/audit.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/web-migrate:1
      containers:
        - name: web
          image: ghcr.io/acme/web:1
        - name: cache
          image: redis:7.4
`;

const WORKFLOW = (tags: string) => `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@0000000000000000000000000000000000000000
        with:
          tags: ${tags}
`;

describe('coherence/unbuilt-image', () => {
  it('reports images no CI job builds', () => {
    const files = { 'Dockerfile': 'FROM scratch\n', '.github/workflows/build.yml': WORKFLOW('ghcr.io/acme/web:${{ github.sha }}'), 'k8s/web.yaml': DEPLOYMENT };
    expect(check(unbuiltImage, files)).toEqual([
      { at: 'k8s/web.yaml:10:18', text: 'ghcr.io/acme/web-migrate:1', severity: 'info' },
      { at: 'k8s/web.yaml:15:18', text: 'redis:7.4', severity: 'info' },
    ]);
  });

  it('treats CI variables as matching whatever they could expand to', () => {
    const files = { '.github/workflows/build.yml': WORKFLOW('ghcr.io/${{ github.repository }}:1, ghcr.io/${{ github.repository }}-migrate:1'), 'k8s/web.yaml': DEPLOYMENT };
    expect(check(unbuiltImage, files).map((f) => f.text)).toEqual(['redis:7.4']);
  });

  it('counts the single container of a manifest below an unclaimed Dockerfile as built here', () => {
    const single = DEPLOYMENT.replace(/      initContainers:[\s\S]*?      containers:/, '      containers:').replace(/        - name: cache\n.*\n/, '');
    expect(check(unbuiltImage, { 'Dockerfile': 'FROM scratch\n', 'k8s/web.yaml': single })).toEqual([]);
  });

  it('stays quiet in a manifests-only repo', () => {
    expect(check(unbuiltImage, { 'k8s/web.yaml': DEPLOYMENT })).toEqual([]);
  });
});

// Issue 9: microservices-demo builds its images with skaffold (34 of 42 findings were wrong).
describe('coherence/unbuilt-image with skaffold', () => {
  const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${image}\n`;
  const skaffold = `apiVersion: skaffold/v3
kind: Config
build:
  artifacts:
    - image: emailservice
      context: src/emailservice
profiles:
  - name: gcb
    build:
      artifacts:
        - image: cartservice
          context: src/cartservice/src
          docker: {dockerfile: Dockerfile.debug}
`;

  it('an image a skaffold artifact builds is built here, under any default repository', () => {
    const files = { 'skaffold.yaml': skaffold, 'src/emailservice/Dockerfile': 'FROM python:3.13\n', 'kubernetes-manifests/email.yaml': pod('emailservice'), 'kubernetes-manifests/cart.yaml': pod('gcr.io/acme/cartservice:v1') };
    expect(runRule(unbuiltImage, files)).toEqual([]);
  });

  it('an image no artifact names is still reported', () => {
    const files = { 'skaffold.yaml': skaffold, 'src/emailservice/Dockerfile': 'FROM python:3.13\n', 'kubernetes-manifests/a.yaml': pod('adservice'), 'kubernetes-manifests/b.yaml': pod('emailservice') };
    expect(runRule(unbuiltImage, files).map((f) => f.message)).toEqual([expect.stringMatching(/runs adservice, which no Dockerfile or CI job/)]);
  });
});

// Issue 9: images built by a reusable workflow the repository calls with the image as an input.
describe('coherence/unbuilt-image with reusable workflows', () => {
  it('an image a job passes to a reusable build workflow is built here', () => {
    const caller = `on: push
jobs:
  images:
    uses: ./.github/workflows/build-image.yml
    with:
      image: ghcr.io/acme/cartservice
      context: src/cartservice
`;
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ghcr.io/acme/cartservice:v1\n';
    const files = { '.github/workflows/release.yml': caller, 'k8s/cart.yaml': pod, 'src/cartservice/Dockerfile': 'FROM scratch\n' };
    expect(runRule(unbuiltImage, files)).toEqual([]);
    const other = { ...files, 'k8s/cart.yaml': pod.replace('cartservice:v1', 'adservice:v1') };
    expect(runRule(unbuiltImage, other)).toHaveLength(1);
  });

  it('follows an input from another job\'s output that a run step writes to $GITHUB_OUTPUT, shell defaults included', () => {
    const workflow = `on: push
jobs:
  names:
    runs-on: ubuntu-latest
    outputs:
      registry_image: \${{ steps.naming.outputs.registry_image }}
    steps:
      - id: naming
        run: |
          OWNER="\${OWNER_OVERRIDE:-acme}"
          echo "registry_image=quay.io/$OWNER/ledger:latest" >> "$GITHUB_OUTPUT"
  publish:
    needs: [names]
    uses: ./.github/workflows/publish-image.yml
    with:
      quay_image_name: \${{ needs.names.outputs.registry_image }}
`;
    const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ledger\nspec:\n  template:\n    spec:\n      containers:\n        - name: ledger\n          image: ${image}\n`;
    expect(runRule(unbuiltImage, { '.github/workflows/image.yml': workflow, 'k8s/ledger.yaml': deployment('quay.io/acme/ledger:v2.1.0') })).toEqual([]);
    expect(runRule(unbuiltImage, { '.github/workflows/image.yml': workflow, 'k8s/ledger.yaml': deployment('quay.io/acme/audit:v2.1.0') })).toHaveLength(1);
  });

  it('reads a GitLab job\'s variables from the templates it extends', () => {
    const pipeline = 'variables:\n  REGISTRY: registry.gitlab.com\n.docker:\n  variables:\n    IMAGE: registry.gitlab.com/acme/cart\nbuild:\n  extends: .docker\n  script:\n    - docker build --tag "$IMAGE:$CI_COMMIT_SHA" .\n';
    const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  template:\n    spec:\n      containers:\n        - name: cart\n          image: ${image}\n`;
    expect(runRule(unbuiltImage, { '.gitlab-ci.yml': pipeline, 'k8s/cart.yaml': deployment('registry.gitlab.com/acme/cart:1.0.0') })).toEqual([]);
    expect(runRule(unbuiltImage, { '.gitlab-ci.yml': pipeline, 'k8s/cart.yaml': deployment('registry.gitlab.com/acme/billing:1.0.0') })).toHaveLength(1);
  });

  it('reads a list of images in an image-names input (the voting app\'s shared build workflow)', () => {
    const caller = `on: push
jobs:
  call-docker-build:
    uses: dockersamples/.github/.github/workflows/reusable-docker-build.yaml@main
    with:
      image-names: |
        ghcr.io/dockersamples/example-voting-app-vote
        dockersamples/examplevotingapp_vote
      context: vote
`;
    const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vote\nspec:\n  template:\n    spec:\n      containers:\n        - name: vote\n          image: ${image}\n`;
    expect(runRule(unbuiltImage, { '.github/workflows/call-docker-build-vote.yaml': caller, 'k8s/vote.yaml': deployment('dockersamples/examplevotingapp_vote') })).toEqual([]);
    expect(runRule(unbuiltImage, { '.github/workflows/call-docker-build-vote.yaml': caller, 'k8s/vote.yaml': deployment('ghcr.io/dockersamples/example-voting-app-vote:before') })).toEqual([]);
    expect(runRule(unbuiltImage, { '.github/workflows/call-docker-build-vote.yaml': caller, 'k8s/vote.yaml': deployment('dockersamples/examplevotingapp_result') })).toHaveLength(1);
  });
});

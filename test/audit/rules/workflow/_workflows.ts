// Realistic workflows for the fix tests: several jobs, a matrix, a reusable workflow call, `run: |`
// scripts with continuation lines, comments, flow-style steps and inputs, quoted `uses:`. Pinned
// SHAs are the ones in src/generate/action-pins.json.
export const CHECKOUT_SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1';
export const TRIVY_SHA = 'ed142fd0673e97e23eac54620cfb913e5ce36c25';
export const CODEQL_SHA = '8aad20d150bbac5944a9f9d289da16a4b0d87c1e';

/** A build-scan-sign pipeline with most of what a real one has. */
export const RELEASE = `name: release
# Builds, scans and signs the image on every push to main.
on:
  push:
    branches: [main]
  pull_request:

env:
  IMAGE: ghcr.io/acme/orders # the one image this repo ships

jobs:
  test:
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, ubuntu-24.04]
        node: [20, 22]
    steps:
      - uses: actions/checkout@v7 # the code under test
      - uses: "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020"
        with: { node-version: "\${{ matrix.node }}" }
      - run: |
          npm ci
          npm test -- \\
            --coverage

  image:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - {uses: "actions/checkout@v7.0.1", with: {fetch-depth: 1}}
      - uses: docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0
        with:
          registry: ghcr.io
          username: \${{ github.actor }}
          password: \${{ secrets.GITHUB_TOKEN }}
      - name: Build and push
        run: |
          docker build \\
            -t "$IMAGE:\${{ github.sha }}" .
          docker push "$IMAGE:\${{ github.sha }}"
      # The gate: nothing ships with a fixable HIGH or CRITICAL.
      - name: Scan
        uses: aquasecurity/trivy-action@v0.36.0
        with:
          image-ref: \${{ env.IMAGE }}:\${{ github.sha }}
          severity: CRITICAL,HIGH
      - name: Scan for code scanning
        uses: aquasecurity/trivy-action@${TRIVY_SHA} # v0.36.0
        with: {image-ref: "\${{ env.IMAGE }}:\${{ github.sha }}", format: sarif, output: trivy.sarif}
      - uses: github/codeql-action/upload-sarif@v4
        if: always()
        with:
          sarif_file: trivy.sarif
      - name: Sign
        run: cosign sign --yes "$IMAGE:\${{ github.sha }}"

  provenance:
    needs: image
    permissions:
      actions: read
      id-token: write
      packages: write
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2.1.0
    with:
      image: ghcr.io/acme/orders
      digest: \${{ needs.image.outputs.digest }}
`;

/** The same pipeline on GitLab, with a scan that can never fail. */
export const GITLAB = `# Pipeline for the orders service.
stages: [build, scan]

variables:
  IMAGE: $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA

build:
  stage: build
  script:
    - docker build -t "$IMAGE" .
    - docker push "$IMAGE"

container-scan:
  stage: scan
  image:
    name: aquasec/trivy:0.69.3
    entrypoint: [""]
  script:
    # Report only; the release manager reads it.
    - trivy image --severity HIGH,CRITICAL "$IMAGE" || true
  allow_failure: true
`;

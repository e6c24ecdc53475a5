#!/bin/sh
# Deploys a preview of the checked-out tree. Run by .github/workflows/pr-preview.yml.
set -eu
kubectl apply -f k8s/

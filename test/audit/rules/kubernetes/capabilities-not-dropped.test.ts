import { describe, expect, it } from 'vitest';
import { capabilitiesNotDropped } from '../../../../src/audit/rules/kubernetes/capabilities-not-dropped.js';
import { check } from '../_located.js';

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
        - name: none
          image: ghcr.io/acme/migrate:1
        - name: some
          image: ghcr.io/acme/migrate:1
          securityContext:
            capabilities:
              drop: [NET_RAW]
        - name: lower
          image: ghcr.io/acme/migrate:1
          securityContext:
            capabilities: {drop: [all]}
        - name: good
          image: ghcr.io/acme/migrate:1
          securityContext:
            capabilities: {drop: [ALL]}
`;

describe('k8s/capabilities-not-dropped', () => {
  it('reports containers that do not drop exactly ALL, at the drop list or the container name', () => {
    expect(check(capabilitiesNotDropped, { 'job.yaml': JOB })).toEqual([
      { at: 'job.yaml:9:17', text: 'none', severity: 'medium' },
      { at: 'job.yaml:15:21', text: '[NET_RAW]', severity: 'medium' },
      { at: 'job.yaml:19:34', text: '[all]', severity: 'medium' },
    ]);
  });

  it('exempts Windows pods', () => {
    expect(check(capabilitiesNotDropped, { 'job.yaml': JOB.replace('    spec:\n      containers', '    spec:\n      os: {name: windows}\n      containers') })).toEqual([]);
  });
});

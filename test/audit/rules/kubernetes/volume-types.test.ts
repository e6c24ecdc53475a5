import { describe, expect, it } from 'vitest';
import { volumeTypes } from '../../../../src/audit/rules/kubernetes/volume-types.js';
import { check } from '../_located.js';

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: b
              image: ghcr.io/acme/backup:1
          volumes:
            - name: share
              nfs: {server: nas, path: /backups}
            - name: host
              hostPath: {path: /srv}
            - name: claim
              persistentVolumeClaim: {claimName: backups}
            - name: data
              image: {reference: ghcr.io/acme/data:1}
`;

describe('k8s/volume-types', () => {
  it('reports volume sources outside the Restricted list, leaving hostPath to k8s/host-path', () => {
    expect(check(volumeTypes, { 'cron.yaml': CRONJOB })).toEqual([{ at: 'cron.yaml:16:15', text: 'nfs', severity: 'medium' }]);
  });

  it('passes the allowed sources', () => {
    expect(check(volumeTypes, { 'cron.yaml': CRONJOB.replace('nfs: {server: nas, path: /backups}', 'emptyDir: {}') })).toEqual([]);
  });
});

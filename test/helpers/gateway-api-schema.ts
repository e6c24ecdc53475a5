// HTTPRoute (gateway.networking.k8s.io/v1) is a CRD, so kubernetes-models has no model for it.
// This strict schema mirrors the standard-channel CRD (kubernetes-sigs/gateway-api,
// config/crd/standard/gateway.networking.k8s.io_httproutes.yaml): the fields, patterns and
// limits of every part the generator writes; an unknown field anywhere is refused, as the API
// server's structural schema prunes or rejects it.
import { z } from 'zod';

// CRD patterns, as upstream writes them.
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECTION = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const parentReference = z.strictObject({
  group: z.string().max(253).regex(GROUP).optional(),
  kind: z.string().min(1).max(63).regex(KIND).optional(),
  namespace: z.string().min(1).max(63).regex(NAMESPACE).optional(),
  name: z.string().min(1).max(253),
  sectionName: z.string().min(1).max(253).regex(SECTION).optional(),
  port: z.number().int().min(1).max(65535).optional(),
});

const backendReference = z.strictObject({
  group: z.string().max(253).regex(GROUP).optional(),
  kind: z.string().min(1).max(63).regex(KIND).optional(),
  name: z.string().min(1).max(253),
  namespace: z.string().min(1).max(63).regex(NAMESPACE).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  weight: z.number().int().min(0).max(1_000_000).optional(),
  filters: z.array(z.unknown()).max(16).optional(),
});

const rule = z.strictObject({
  name: z.string().min(1).max(253).optional(),
  matches: z.array(z.unknown()).max(64).optional(),
  filters: z.array(z.unknown()).max(16).optional(),
  backendRefs: z.array(backendReference).max(16).optional(),
  timeouts: z.strictObject({ request: z.string().optional(), backendRequest: z.string().optional() }).optional(),
});

export const httpRouteSchema = z.strictObject({
  apiVersion: z.literal('gateway.networking.k8s.io/v1'),
  kind: z.literal('HTTPRoute'),
  metadata: z.strictObject({
    name: z.string().min(1).max(253),
    namespace: z.string().regex(NAMESPACE).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    parentRefs: z.array(parentReference).max(32).optional(),
    hostnames: z.array(z.string().min(1).max(253).regex(HOSTNAME)).max(16).optional(),
    rules: z.array(rule).min(1).max(16).optional(),
  }),
});

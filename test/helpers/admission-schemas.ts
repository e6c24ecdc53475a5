// Strict JSON schemas for the two admission policies the generator writes, modelled on the CRDs'
// Go types: Kyverno's ImageValidatingPolicy (kyverno/kyverno api/policies.kyverno.io/v1,
// imagevalidating_policy.go, with Kubernetes' admissionregistration/v1 MatchResources) and the
// Sigstore policy-controller's ClusterImagePolicy (sigstore/policy-controller
// pkg/apis/policy/v1beta1/clusterimagepolicy_types.go). Every object modelled here rejects unknown
// keys, so a misspelt field fails the test instead of being silently dropped by the API server.
// Fields the generator never writes are modelled only as deep as needed to stay permissive for them.
import { Ajv } from 'ajv';

const text = { type: 'string', minLength: 1 } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const strings = { type: 'array', items: text } as const;
const dnsSubdomain = { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' } as const;
const httpsUrl = { type: 'string', pattern: '^https://[^\\s/]+(/\\S*)?$' } as const;

/** metadata of a cluster-scoped object: no namespace. */
const clusterObjectMeta = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: dnsSubdomain, labels: stringMap, annotations: stringMap },
} as const;

const labelSelector = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: stringMap,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: { key: text, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
} as const;

const ruleWithOperations = {
  type: 'object',
  additionalProperties: false,
  required: ['apiGroups', 'apiVersions', 'operations', 'resources'],
  properties: {
    apiGroups: { type: 'array', items: { type: 'string' } },
    apiVersions: strings,
    operations: { type: 'array', minItems: 1, items: { enum: ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'] } },
    resources: strings,
    resourceNames: strings,
    scope: { enum: ['*', 'Cluster', 'Namespaced'] },
  },
} as const;

const identity = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { issuer: text, subject: text, issuerRegExp: text, subjectRegExp: text },
} as const;

const kyvernoCosign = {
  type: 'object',
  additionalProperties: false,
  properties: {
    key: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { data: text, kms: text, hashAlgorithm: { enum: ['sha224', 'sha256', 'sha384', 'sha512'] }, expression: text },
    },
    keyless: {
      type: 'object',
      additionalProperties: false,
      required: ['identities'],
      properties: { identities: { type: 'array', minItems: 1, items: identity }, roots: text },
    },
    certificate: { type: 'object' },
    source: {
      type: 'object',
      additionalProperties: false,
      properties: { repository: text, PullSecrets: { type: 'array' }, tagPrefix: text },
    },
    ctlog: {
      type: 'object',
      additionalProperties: false,
      properties: {
        url: httpsUrl,
        rekorPubKey: text,
        ctLogPubKey: text,
        tsaCertChain: text,
        insecureIgnoreTlog: { type: 'boolean' },
        insecureIgnoreSCT: { type: 'boolean' },
      },
    },
    tuf: { type: 'object' },
    annotations: stringMap,
  },
  // A cosign attestor verifies with a key, keyless certificates, or a given certificate.
  oneOf: [{ required: ['key'] }, { required: ['keyless'] }, { required: ['certificate'] }],
} as const;

export const IMAGE_VALIDATING_POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'policies.kyverno.io/v1' },
    kind: { const: 'ImageValidatingPolicy' },
    metadata: clusterObjectMeta,
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['attestors', 'validations'],
      properties: {
        matchConstraints: {
          type: 'object',
          additionalProperties: false,
          properties: {
            namespaceSelector: labelSelector,
            objectSelector: labelSelector,
            resourceRules: { type: 'array', items: ruleWithOperations },
            excludeResourceRules: { type: 'array', items: ruleWithOperations },
            matchPolicy: { enum: ['Exact', 'Equivalent'] },
          },
        },
        failurePolicy: { enum: ['Ignore', 'Fail'] },
        auditAnnotations: { type: 'array' },
        validationActions: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['Deny', 'Audit', 'Warn'] } },
        matchConditions: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['name', 'expression'], properties: { name: text, expression: text } },
        },
        variables: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['name', 'expression'], properties: { name: text, expression: text } },
        },
        validationConfigurations: {
          type: 'object',
          additionalProperties: false,
          properties: { mutateDigest: { type: 'boolean' }, verifyDigest: { type: 'boolean' }, required: { type: 'boolean' } },
        },
        matchImageReferences: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { glob: text, expression: text },
            oneOf: [{ required: ['glob'] }, { required: ['expression'] }],
          },
        },
        credentials: {
          type: 'object',
          additionalProperties: false,
          properties: {
            allowInsecureRegistry: { type: 'boolean' },
            providers: { type: 'array', items: { enum: ['default', 'amazon', 'azure', 'google', 'github'] } },
            secrets: strings,
          },
        },
        images: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['name', 'expression'], properties: { name: text, expression: text } },
        },
        attestors: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            // The name is how CEL refers to it (attestors.<name>), so it must be a CEL identifier.
            properties: { name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, cosign: kyvernoCosign, notary: { type: 'object' } },
            oneOf: [{ required: ['cosign'] }, { required: ['notary'] }],
          },
        },
        attestations: { type: 'array' },
        validations: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['expression'],
            properties: { expression: text, message: text, messageExpression: text, reason: text },
          },
        },
        webhookConfiguration: { type: 'object' },
        evaluation: { type: 'object' },
        autogen: { type: 'object' },
      },
    },
  },
} as const;

/** policy-controller accepts only these characters in a glob (pkg/apis/glob/glob.go validGlob; "@" since PR #63). */
export const SIGSTORE_GLOB = /^[a-zA-Z0-9\-_:/*.@]+$/;

const tlog = {
  type: 'object',
  additionalProperties: false,
  properties: { url: httpsUrl, trustRootRef: text },
} as const;

const keyRef = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    secretRef: { type: 'object', additionalProperties: false, properties: { name: text, namespace: text } },
    data: text,
    kms: text,
    hashAlgorithm: text,
  },
} as const;

export const CLUSTER_IMAGE_POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'policy.sigstore.dev/v1beta1' },
    kind: { const: 'ClusterImagePolicy' },
    metadata: clusterObjectMeta,
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['images'],
      properties: {
        images: {
          type: 'array',
          minItems: 1,
          items: { type: 'object', additionalProperties: false, required: ['glob'], properties: { glob: { type: 'string', pattern: SIGSTORE_GLOB.source } } },
        },
        authorities: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: text,
              key: keyRef,
              keyless: {
                type: 'object',
                additionalProperties: false,
                required: ['identities'],
                properties: {
                  url: httpsUrl,
                  identities: { type: 'array', minItems: 1, items: identity },
                  'ca-cert': keyRef,
                  trustRootRef: text,
                  insecureIgnoreSCT: { type: 'boolean' },
                },
              },
              static: {
                type: 'object',
                additionalProperties: false,
                required: ['action'],
                properties: { action: { enum: ['pass', 'fail'] }, message: text },
              },
              source: { type: 'array' },
              ctlog: tlog,
              attestations: { type: 'array' },
              rfc3161timestamp: { type: 'object', additionalProperties: false, properties: { trustRootRef: text } },
              signatureFormat: { enum: ['legacy', 'bundle'] },
            },
            // policy-controller's validation: exactly one of key, keyless or static per authority.
            oneOf: [{ required: ['key'] }, { required: ['keyless'] }, { required: ['static'] }],
          },
        },
        policy: { type: 'object' },
        mode: { enum: ['enforce', 'warn'] },
        match: { type: 'array' },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true });
const imageValidatingPolicy = ajv.compile(IMAGE_VALIDATING_POLICY_SCHEMA);
const clusterImagePolicy = ajv.compile(CLUSTER_IMAGE_POLICY_SCHEMA);

function problems(validate: ReturnType<Ajv['compile']>, document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
    return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${extra}`;
  });
}

/** Schema violations of a Kyverno ImageValidatingPolicy document; [] when it is valid. */
export function validateImageValidatingPolicy(document: unknown): string[] {
  return problems(imageValidatingPolicy, document);
}

/** Schema violations of a Sigstore ClusterImagePolicy document; [] when it is valid. */
export function validateClusterImagePolicy(document: unknown): string[] {
  return problems(clusterImagePolicy, document);
}

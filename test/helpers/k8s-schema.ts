// Schema checks for Kubernetes manifests, two ways:
//  - validateWithModel: kubernetes-models' validate() (JSON Schema from the Kubernetes OpenAPI):
//    required fields, types, formats. Its validators allow extra properties, so a misspelled or
//    misplaced field passes.
//  - findSchemaProblems: the strict half. It type-checks each object as a literal of the model's
//    TypeScript interface (the .d.ts files kubernetes-models generates from the same OpenAPI), so
//    the compiler's excess-property check reports every unknown field, and its assignability
//    check every wrong type or enum value. One program checks all documents at once.
// Kustomization is not a Kubernetes API object; kustomizationSchema mirrors kustomize's own
// Kustomization struct, which kustomize decodes with unknown fields disallowed.
import path from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { httpRouteSchema } from './gateway-api-schema.js';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

interface KindSpec {
  /** The kubernetes-models module that declares the kind. */
  readonly module: string;
  /** The interface of the kind in that module. */
  readonly typeName: string;
  readonly model: new (data: never) => { validate(): void };
}

/** The kinds the generator writes, by "apiVersion kind". */
export const KINDS: Readonly<Record<string, KindSpec>> = {
  'v1 Namespace': { module: 'kubernetes-models/v1/Namespace', typeName: 'INamespace', model: Namespace },
  'v1 ServiceAccount': { module: 'kubernetes-models/v1/ServiceAccount', typeName: 'IServiceAccount', model: ServiceAccount },
  'v1 Service': { module: 'kubernetes-models/v1/Service', typeName: 'IService', model: Service },
  'apps/v1 Deployment': { module: 'kubernetes-models/apps/v1/Deployment', typeName: 'IDeployment', model: Deployment },
  'policy/v1 PodDisruptionBudget': {
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    typeName: 'IPodDisruptionBudget',
    model: PodDisruptionBudget,
  },
  'networking.k8s.io/v1 Ingress': { module: 'kubernetes-models/networking.k8s.io/v1/Ingress', typeName: 'IIngress', model: Ingress },
  'networking.k8s.io/v1 NetworkPolicy': {
    module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    typeName: 'INetworkPolicy',
    model: NetworkPolicy,
  },
};

const HTTP_ROUTE = 'gateway.networking.k8s.io/v1 HTTPRoute';

export function kindOf(document: unknown): string {
  const { apiVersion, kind } = (document ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return `${String(apiVersion)} ${String(kind)}`;
}

function specFor(document: unknown): KindSpec {
  const spec = KINDS[kindOf(document)];
  if (!spec) throw new Error(`no schema for ${kindOf(document)}; known: ${Object.keys(KINDS).join(', ')}`);
  return spec;
}

/** Every document of a (multi-document) YAML file as plain data; throws on a YAML error. */
export function parseManifests(text: string, file: string): unknown[] {
  return parseAllDocuments(text).map((document, index) => {
    if (document.errors.length > 0) throw new Error(`${file} document ${index + 1}: ${document.errors.map((e) => e.message).join('; ')}`);
    return document.toJS() as unknown;
  });
}

/** Throws kubernetes-models' validation error (e.g. "data/spec/replicas must be integer"). */
export function validateWithModel(document: unknown): void {
  if (kindOf(document) === HTTP_ROUTE) {
    httpRouteSchema.parse(document);
    return;
  }
  const { model } = specFor(document);
  new model(document as never).validate();
}

export interface SchemaProblem {
  /** Where in the document, e.g. spec.template.spec.containers[0].port. */
  readonly path: string;
  readonly message: string;
}

// The check runs as a file inside the project, so kubernetes-models resolves from node_modules.
const CHECK_FILE = path.resolve(import.meta.dirname, '__strict_k8s_check__.ts');
const DOCUMENT_PREFIX = 'document';
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  lib: ['lib.es2022.d.ts'],
  types: [],
};

/**
 * Unknown fields, wrong types and invalid enum values in each document, one list per document
 * (empty when it is clean). Throws for a kind outside KINDS.
 */
export function findSchemaProblems(all: readonly unknown[]): SchemaProblem[][] {
  // Gateway API kinds are checked by their CRD's strict schema; the rest by the compiler.
  const routes = all.map((document) => kindOf(document) === HTTP_ROUTE);
  const documents = all.filter((_, index) => !routes[index]);
  const checked = checkWithCompiler(documents);
  let next = 0;
  return all.map((document, index) => {
    if (!routes[index]) return checked[next++]!;
    const result = httpRouteSchema.safeParse(document);
    return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(document)', message: issue.message }));
  });
}

function checkWithCompiler(documents: readonly unknown[]): SchemaProblem[][] {
  if (documents.length === 0) return [];
  const specs = documents.map(specFor);
  const imports = [...new Set(specs)].map((spec) => `import type { ${spec.typeName} } from '${spec.module}';`);
  const declarations = documents.map(
    (document, index) => `export const ${DOCUMENT_PREFIX}${index}: ${specs[index]!.typeName} = ${JSON.stringify(document, null, 2)};`,
  );
  const source = ts.createSourceFile(CHECK_FILE, [...imports, ...declarations].join('\n'), ts.ScriptTarget.ES2022, true);

  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, ...rest) => (path.resolve(name) === CHECK_FILE ? source : getSourceFile(name, ...rest));
  host.fileExists = (name) => path.resolve(name) === CHECK_FILE || fileExists(name);

  const program = ts.createProgram({ rootNames: [CHECK_FILE], options: COMPILER_OPTIONS, host });
  const problems: SchemaProblem[][] = documents.map(() => []);
  for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    const located = diagnostic.start === undefined ? undefined : locate(source, diagnostic.start);
    // A problem outside every document (an import that does not resolve) breaks the check itself.
    if (!located) throw new Error(`strict schema check failed: ${message}`);
    problems[located.document]!.push({ path: located.path, message });
  }
  return problems;
}

/** The document index and the field path of the node at a position in the check file. */
function locate(source: ts.SourceFile, position: number): { document: number; path: string } | undefined {
  let node: ts.Node | undefined = deepestNodeAt(source, position);
  const segments: string[] = [];
  for (; node; node = node.parent) {
    const parent: ts.Node | undefined = node.parent;
    if (!parent) return undefined;
    if (ts.isPropertyAssignment(parent)) segments.unshift(keySegment(parent.name));
    if (ts.isArrayLiteralExpression(parent)) segments.unshift(`[${parent.elements.indexOf(node as ts.Expression)}]`);
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.name.text.startsWith(DOCUMENT_PREFIX)) {
      return { document: Number(parent.name.text.slice(DOCUMENT_PREFIX.length)), path: segments.join('').replace(/^\./, '') || '(document)' };
    }
    // Walking up from a property name or value visits its PropertyAssignment twice; skip the repeat.
    if (ts.isPropertyAssignment(parent)) node = parent;
  }
  return undefined;
}

function deepestNodeAt(node: ts.Node, position: number): ts.Node {
  const child = node.getChildren().find((c) => c.getStart() <= position && position < c.getEnd());
  return child ? deepestNodeAt(child, position) : node;
}

function keySegment(name: ts.PropertyName): string {
  const key = ts.isStringLiteral(name) || ts.isIdentifier(name) || ts.isNumericLiteral(name) ? name.text : name.getText();
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

// kustomize's Kustomization (sigs.k8s.io/kustomize/api/types/kustomization.go): every top-level
// field it accepts, typed in full for the ones the generator writes.
const stringMap = z.record(z.string(), z.string());
const list = z.array(z.unknown());
const paths = z.array(z.string().min(1));
export const kustomizationSchema = z.strictObject({
  apiVersion: z.literal('kustomize.config.k8s.io/v1beta1'),
  kind: z.literal('Kustomization'),
  metadata: z.record(z.string(), z.unknown()).optional(),
  openapi: stringMap.optional(),
  namePrefix: z.string().optional(),
  nameSuffix: z.string().optional(),
  namespace: z.string().min(1).optional(),
  commonLabels: stringMap.optional(),
  labels: list.optional(),
  commonAnnotations: stringMap.optional(),
  patchesStrategicMerge: list.optional(),
  patchesJson6902: list.optional(),
  patches: list.optional(),
  images: list.optional(),
  replacements: list.optional(),
  replicas: list.optional(),
  vars: list.optional(),
  resources: paths.optional(),
  components: paths.optional(),
  crds: paths.optional(),
  bases: paths.optional(),
  configMapGenerator: list.optional(),
  secretGenerator: list.optional(),
  helmGlobals: z.record(z.string(), z.unknown()).optional(),
  helmCharts: list.optional(),
  helmChartInflationGenerator: list.optional(),
  generatorOptions: z.record(z.string(), z.unknown()).optional(),
  configurations: paths.optional(),
  generators: paths.optional(),
  transformers: paths.optional(),
  validators: paths.optional(),
  inventory: z.record(z.string(), z.unknown()).optional(),
  buildMetadata: z.array(z.string()).optional(),
});
export type Kustomization = z.infer<typeof kustomizationSchema>;

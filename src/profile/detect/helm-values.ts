// The port a Helm chart in the project deploys the app on, from its values.yaml (chart/,
// charts/<name>/, helm/<name>/). Only literal integers count (a template or a port name says
// nothing here), and the app's own port (containerPort, targetPort) wins over the Service's port,
// which clients use and may differ. Files are read like every other project file (regular, capped,
// no links), parsed with aliases bounded, and anything malformed is skipped: never thrown.
import type { ProjectFiles } from './project-files.js';
import { documentToJS } from '../../util/yaml-aliases.js';
import { parseAllDocumentsUnique } from '../../util/yaml-unique-keys.js';

export interface ChartPort {
  readonly value: number;
  /** The values file, e.g. "charts/orders/values.yaml". */
  readonly file: string;
  /** Where in it, e.g. "service.targetPort". */
  readonly key: string;
}

/** The most values files read. */
const MAX_VALUES_FILES = 20;
/** Folder names taken as charts (printed as they are in the source of the value). */
const CHART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Where the port is, most telling first: a path of keys, `[]` meaning each item of a list. The
 * app's port before the Service's (`helm create` charts route service.port to the container too,
 * so it is still a fair last guess).
 */
const PORT_KEYS: readonly (readonly string[])[] = [
  ['containerPort'],
  ['containerPorts', 'http'],
  ['ports', 'http'],
  ['service', 'targetPort'],
  ['service', 'containerPort'],
  ['service', 'ports', '[]', 'targetPort'],
  ['service', 'port'],
  ['service', 'ports', 'http'],
  ['service', 'ports', '[]', 'port'],
];

/** The first chart port found, charts in the order chart/, charts/*, helm/* (each sorted by name). */
export async function helmChartPort(files: ProjectFiles): Promise<ChartPort | undefined> {
  for (const file of (await valuesFiles(files)).slice(0, MAX_VALUES_FILES)) {
    const text = await files.read(file);
    const values = text === undefined ? undefined : parseValues(text);
    const port = values === undefined ? undefined : portInValues(values);
    if (port) return { ...port, file };
  }
  return undefined;
}

async function valuesFiles(files: ProjectFiles): Promise<string[]> {
  const out: string[] = [];
  if (await files.isFile('chart/values.yaml')) out.push('chart/values.yaml');
  for (const parent of ['charts', 'helm']) {
    for (const entry of await files.list(parent)) {
      if (!entry.isDirectory || !CHART_NAME.test(entry.name)) continue;
      const file = `${parent}/${entry.name}/values.yaml`;
      if (await files.isFile(file)) out.push(file);
    }
  }
  return out;
}

/** The first document of a values file as data, or undefined if it does not parse cleanly. */
export function parseValues(text: string): unknown {
  try {
    const [document] = parseAllDocumentsUnique(text, { prettyErrors: false });
    if (!document || !('errors' in document) || document.errors.length > 0) return undefined;
    return documentToJS(document, { maxAliasCount: 50 });
  } catch {
    return undefined;
  }
}

/** The port the values set, and its key path as written ("service.ports[].targetPort"). */
export function portInValues(values: unknown): { value: number; key: string } | undefined {
  for (const keys of PORT_KEYS) {
    const value = portsAt(values, keys)[0];
    if (value !== undefined) return { value, key: keys.join('.').replace(/\.\[\]/g, '[]') };
  }
  return undefined;
}

/** The valid port numbers at a key path, in document order. */
function portsAt(node: unknown, keys: readonly string[]): number[] {
  if (keys.length === 0) return isPort(node) ? [node] : [];
  const [key, ...rest] = keys as [string, ...string[]];
  if (key === '[]') return Array.isArray(node) ? node.flatMap((item) => portsAt(item, rest)) : [];
  if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, key)) return [];
  return portsAt((node as Record<string, unknown>)[key], rest);
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

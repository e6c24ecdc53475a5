// Reading parsed YAML/JSON that may have any shape: each accessor returns a safe default for the
// wrong shape, so rules can walk optional fields of hostile input without guards or crashes.

export type Mapping = Readonly<Record<string, unknown>>;

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value if it is a mapping, else an empty one. */
export function mappingOf(value: unknown): Mapping {
  return isMapping(value) ? value : {};
}

/** The value if it is a list, else an empty one. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

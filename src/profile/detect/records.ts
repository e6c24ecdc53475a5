// Project files parsed as plain records: JSON (package.json) and TOML (pyproject.toml, Cargo.toml)
// that do not parse, or are not a table, are undefined rather than an exception. Detection and
// the entry point check read the same files the same way.
import { parse as parseToml } from 'smol-toml';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonRecord(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function parseTomlRecord(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = parseToml(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The string at a path of keys, or undefined when any step is missing or not a record. */
export function stringAt(value: unknown, ...keys: string[]): string | undefined {
  let node = value;
  for (const key of keys) node = isRecord(node) ? node[key] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** The record at a path of keys, or undefined. */
export function recordAt(value: unknown, ...keys: string[]): Record<string, unknown> | undefined {
  let node = value;
  for (const key of keys) node = isRecord(node) ? node[key] : undefined;
  return isRecord(node) ? node : undefined;
}

import { parseDuration } from './duration.js';

/** A YAML mapping as plain data. */
export type YamlMap = Readonly<Record<string, unknown>>;

/** Reads plain YAML data into typed values, collecting every problem with the path it was found at. */
export class ConfigReader {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  error(path: string, message: string): void {
    this.errors.push(`${path}: ${message}`);
  }

  /** Refuses keys braid does not know, naming the Prometheus ones it knows but does not support. */
  checkKeys(map: YamlMap, path: string, supported: readonly string[], unsupported: readonly string[] = []): void {
    for (const key of Object.keys(map)) {
      if (supported.includes(key)) continue;
      if (unsupported.includes(key) || key.endsWith('_sd_configs')) this.error(path, `"${key}" is not supported by braid's scraper`);
      else this.error(path, `unknown field "${key}"`);
    }
  }

  map(value: unknown, path: string): YamlMap | undefined {
    if (value === undefined || value === null) return undefined;
    if (isMap(value)) return value;
    this.error(path, `expected a mapping, got ${describe(value)}`);
    return undefined;
  }

  list(value: unknown, path: string): readonly unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.error(path, `expected a list, got ${describe(value)}`);
    return [];
  }

  /** A string; numbers and booleans are taken as written, as Go's YAML decoder takes them. */
  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.error(path, `expected a string, got ${describe(value)}`);
    return undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.error(path, `expected true or false, got ${describe(value)}`);
    return undefined;
  }

  /** A non-negative integer. */
  count(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    this.error(path, `expected a non-negative integer, got ${describe(value)}`);
    return undefined;
  }

  /** A Prometheus duration, in milliseconds. */
  duration(value: unknown, path: string): number | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined) this.error(path, `invalid duration "${text}": expected a duration such as 15s, 1m or 1h30m`);
    return ms;
  }

  /** A byte size such as `10MB` or `512KiB` (units are powers of 1024, as in Prometheus). */
  byteSize(value: unknown, path: string): number | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    const match = /^(\d+)(B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)?$/.exec(text);
    if (!match) {
      this.error(path, `invalid size "${text}": expected a size such as 512KB or 10MB`);
      return undefined;
    }
    const power = { B: 0, KB: 1, KiB: 1, MB: 2, MiB: 2, GB: 3, GiB: 3, TB: 4, TiB: 4 }[match[2] ?? 'B']!;
    return Number(match[1]) * 1024 ** power;
  }

  /** A mapping of strings to strings. */
  stringMap(value: unknown, path: string): Record<string, string> {
    const map = this.map(value, path);
    const out: Record<string, string> = {};
    if (!map) return out;
    for (const [key, v] of Object.entries(map)) {
      const text = this.string(v, `${path}.${key}`);
      if (text !== undefined) out[key] = text;
    }
    return out;
  }
}

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isMap(value)) return 'a mapping';
  return JSON.stringify(value);
}

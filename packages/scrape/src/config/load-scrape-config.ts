import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseScrapeConfig } from './parse-scrape-config.js';
import type { ScrapeConfigResult } from './scrape-config.js';

/** Reads and parses a Prometheus configuration file; relative `password_file`s are taken from its directory. */
export async function loadScrapeConfig(path: string): Promise<ScrapeConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`cannot read scrape config ${path}: ${(error as Error).message}`] };
  }
  const result = parseScrapeConfig(text, { baseDir: dirname(resolve(path)) });
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => `${path}: ${e}`) };
}

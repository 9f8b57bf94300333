import { readFile } from 'node:fs/promises';
import type { BasicAuth } from '../config/scrape-config.js';
import { SCRAPE_ACCEPT_HEADER } from '../exposition/content-type.js';

/** How to fetch one target. */
export interface ScrapeRequest {
  readonly url: string;
  readonly timeoutMs: number;
  readonly basicAuth: BasicAuth | undefined;
  readonly followRedirects: boolean;
  readonly enableCompression: boolean;
  /** 0: no limit. */
  readonly bodySizeLimitBytes: number;
  readonly userAgent: string;
}

export type ScrapeResponse =
  | { readonly ok: true; readonly body: string; readonly contentType: string | null; readonly bytes: number }
  | { readonly ok: false; readonly error: string };

/** GETs a target's metrics within its timeout; every failure is a value naming its cause. */
export async function fetchScrape(request: ScrapeRequest, stop: AbortSignal): Promise<ScrapeResponse> {
  const signal = AbortSignal.any([stop, AbortSignal.timeout(request.timeoutMs)]);
  try {
    const headers: Record<string, string> = {
      accept: SCRAPE_ACCEPT_HEADER,
      'accept-encoding': request.enableCompression ? 'gzip' : 'identity',
      'user-agent': request.userAgent,
      'x-prometheus-scrape-timeout-seconds': String(request.timeoutMs / 1000),
    };
    if (request.basicAuth) headers.authorization = await basicAuthorization(request.basicAuth);
    const response = await fetch(request.url, { headers, signal, redirect: request.followRedirects ? 'follow' : 'manual' });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { ok: false, error: `server returned HTTP status ${response.status} ${response.statusText}`.trimEnd() };
    }
    const body = await readBody(response, request.bodySizeLimitBytes);
    if (body === undefined) return { ok: false, error: `body size limit exceeded (${request.bodySizeLimitBytes} bytes)` };
    return { ok: true, body: new TextDecoder().decode(body), contentType: response.headers.get('content-type'), bytes: body.length };
  } catch (error) {
    if (signal.aborted && !stop.aborted) return { ok: false, error: `scrape timed out after ${request.timeoutMs / 1000}s` };
    return { ok: false, error: describeFetchError(error) };
  }
}

async function basicAuthorization(auth: BasicAuth): Promise<string> {
  // Read at every scrape, as Prometheus does, so a rotated password file takes effect.
  const password = auth.passwordFile === undefined ? auth.password : (await readFile(auth.passwordFile, 'utf8')).trim();
  return `Basic ${Buffer.from(`${auth.username}:${password}`).toString('base64')}`;
}

/** The body, or undefined past the limit (reading stops there). */
async function readBody(response: Response, limit: number): Promise<Uint8Array | undefined> {
  if (response.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    // Leaving the loop cancels the stream, so the rest is never read.
    if (limit > 0 && size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.message) return `${error.message}: ${cause.message}`;
  return error.message;
}

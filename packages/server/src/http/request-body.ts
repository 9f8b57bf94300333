import { promisify } from 'node:util';
import { gunzip, inflate, type ZlibOptions } from 'node:zlib';
import { badInput, tooLarge, unsupportedFormat } from '@braid/model';

const gunzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gunzip);
const inflateAsync = promisify<Buffer, ZlibOptions, Buffer>(inflate);

/** Undoes `Content-Encoding`, refusing output beyond `maxBytes` (a gzip bomb gets 413, not our memory). */
export async function decodeContentEncoding(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === '' || name === 'identity') return body;
  if (name !== 'gzip' && name !== 'deflate') throw unsupportedFormat(`unsupported Content-Encoding "${name}": use gzip, deflate or identity`);
  try {
    return await (name === 'gzip' ? gunzipAsync : inflateAsync)(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(`decompressed body exceeds ${maxBytes} bytes`);
    }
    throw badInput(`invalid ${name} body: ${(error as Error).message}`);
  }
}

/** Payload formats OTLP/HTTP accepts. */
export type OtlpFormat = 'protobuf' | 'json';

/** The OTLP format of a Content-Type, or undefined when unsupported. */
export function otlpFormatOf(contentType: string | undefined): OtlpFormat | undefined {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return 'protobuf';
  if (mime === 'application/json') return 'json';
  return undefined;
}

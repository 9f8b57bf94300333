import { PromQLError } from '../query.js';

/** A parse or type error as Prometheus words it: `<line>:<column>: parse error: <message>`. */
export function parseError(query: string, offset: number, message: string): PromQLError {
  const before = query.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return new PromQLError('bad_data', `${line}:${column}: parse error: ${message}`);
}

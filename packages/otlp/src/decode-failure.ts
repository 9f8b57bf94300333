import { decodeError, decoded, type DecodeResult } from './decode-result.js';

/**
 * Thrown inside the decoders and turned into a DecodeResult at their boundary. Throwing lets the
 * hot loops stay free of result checks; the path is only built on the way out, when it is needed.
 */
export class DecodeFailure extends Error {
  /** Path segments, innermost first (they are added while the stack unwinds). */
  readonly segments: string[] = [];

  constructor(readonly problem: string) {
    super(problem);
  }

  /** The full message: `outer[0].inner[2]: problem`. */
  describe(): string {
    if (this.segments.length === 0) return this.problem;
    return `${[...this.segments].reverse().join('.')}: ${this.problem}`;
  }
}

/** AnyValue arrays and kvlists nest; past this depth a payload is refused rather than risk the stack. */
export const MAX_NESTING_DEPTH = 64;

/** The error for a value nested deeper than MAX_NESTING_DEPTH. */
export function nestingLimit(): DecodeFailure {
  return new DecodeFailure(`nesting limit exceeded: values nested deeper than ${MAX_NESTING_DEPTH} levels`);
}

/** Adds a path segment (a field, or a field and an index) to an error passing through. */
export function within(error: unknown, field: string, index?: number): DecodeFailure {
  const failure = asFailure(error);
  failure.segments.push(index === undefined ? field : `${field}[${index}]`);
  return failure;
}

function asFailure(error: unknown): DecodeFailure {
  if (error instanceof DecodeFailure) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) return nestingLimit();
  return new DecodeFailure(error instanceof Error ? error.message : String(error));
}

/** Runs a decoder and turns anything it throws into a failed DecodeResult. */
export function decodeSafely<I, T>(decode: (input: I) => T, input: I): DecodeResult<T> {
  try {
    return decoded(decode(input));
  } catch (error) {
    return decodeError(asFailure(error).describe());
  }
}

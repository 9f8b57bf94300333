/** Why a payload could not be decoded, in words that name the problem and where it is. */
export interface DecodeError {
  readonly message: string;
}

/** What every decoder returns: errors are values, decoders never throw. */
export type DecodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

/** A successful decode. */
export function decoded<T>(value: T): DecodeResult<T> {
  return { ok: true, value };
}

/** A failed decode. */
export function decodeError<T>(message: string): DecodeResult<T> {
  return { ok: false, error: { message } };
}

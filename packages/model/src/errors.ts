/**
 * The few domain errors that cross layers. Transports map them to status codes in one place;
 * nothing below the transport knows about HTTP or gRPC.
 */
export type DomainErrorKind = 'BadInput' | 'UnsupportedFormat' | 'TooLarge' | 'Unauthorized' | 'NotFound' | 'LimitExceeded' | 'Unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** For LimitExceeded/Unavailable: when the client may try again, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = kind;
  }
}

/** The request itself is wrong; retrying it unchanged will fail again. */
export function badInput(message: string): DomainError {
  return new DomainError('BadInput', message);
}

/** The request's format or encoding is not one braid reads. */
export function unsupportedFormat(message: string): DomainError {
  return new DomainError('UnsupportedFormat', message);
}

/** The request is over a size bound; retrying it unchanged will fail again. */
export function tooLarge(message: string): DomainError {
  return new DomainError('TooLarge', message);
}

/** A bound was reached (queue full, too large); the client should back off and retry. */
export function limitExceeded(message: string, retryAfterSeconds = 1): DomainError {
  return new DomainError('LimitExceeded', message, retryAfterSeconds);
}

/** The service cannot take the request now (shutting down, store failing). */
export function unavailable(message: string, retryAfterSeconds = 1): DomainError {
  return new DomainError('Unavailable', message, retryAfterSeconds);
}

/** The thing asked for does not exist. */
export function notFound(message: string): DomainError {
  return new DomainError('NotFound', message);
}

/** True for a DomainError, optionally of one kind. */
export function isDomainError(error: unknown, kind?: DomainErrorKind): error is DomainError {
  return error instanceof DomainError && (kind === undefined || error.kind === kind);
}

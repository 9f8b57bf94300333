import { isDomainError, type DomainErrorKind } from '@braid/model';

const HTTP_STATUS: Record<DomainErrorKind, number> = {
  BadInput: 400,
  UnsupportedFormat: 415,
  TooLarge: 413,
  Unauthorized: 401,
  NotFound: 404,
  LimitExceeded: 429,
  Unavailable: 503,
};

/** gRPC status codes (grpc/status.proto) for the domain errors. */
const GRPC_STATUS: Record<DomainErrorKind, number> = {
  BadInput: 3, // INVALID_ARGUMENT
  UnsupportedFormat: 3,
  TooLarge: 8, // RESOURCE_EXHAUSTED, as gRPC reports oversized messages
  Unauthorized: 16, // UNAUTHENTICATED
  NotFound: 5, // NOT_FOUND
  LimitExceeded: 8, // RESOURCE_EXHAUSTED
  Unavailable: 14, // UNAVAILABLE
};

/** The HTTP status of any error: domain errors by kind, framework 4xx errors as they are, else 500. */
export function httpStatusOf(error: unknown): number {
  if (isDomainError(error)) return HTTP_STATUS[error.kind];
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** The gRPC status code of any error; unknown errors are INTERNAL. */
export function grpcStatusOf(error: unknown): number {
  return isDomainError(error) ? GRPC_STATUS[error.kind] : 13;
}

/** Seconds to put in Retry-After, when the error says the client may retry. */
export function retryAfterOf(error: unknown): number | undefined {
  return isDomainError(error) ? error.retryAfterSeconds : undefined;
}

/** The error's message for a client: internal errors are not echoed in detail. */
export function clientMessageOf(error: unknown): string {
  if (isDomainError(error)) return error.message;
  if (httpStatusOf(error) < 500 && error instanceof Error) return error.message;
  return 'internal error';
}

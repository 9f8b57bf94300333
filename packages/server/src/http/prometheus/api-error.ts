import { PromQLError, type PromQLErrorType } from '@braid/promql';

/** Prometheus' API error types with their HTTP statuses (web/api/v1 returnAPIError). */
export type ApiErrorType = PromQLErrorType | 'internal' | 'not_found' | 'unavailable';

const STATUS: Record<ApiErrorType, number> = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  internal: 500,
  not_found: 404,
  unavailable: 503,
};

/** An error answered in Prometheus' envelope: `{"status":"error","errorType":...,"error":...}`. */
export class ApiError extends Error {
  constructor(
    readonly errorType: ApiErrorType,
    message: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return STATUS[this.errorType];
  }
}

export const badData = (message: string): ApiError => new ApiError('bad_data', message);

/** Any error thrown while answering, as the API error Prometheus would give. */
export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof PromQLError) return new ApiError(error.errorType, error.message);
  return new ApiError('internal', error instanceof Error ? error.message : String(error));
}

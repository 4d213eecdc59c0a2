//! The one error type components see from the transport: a typed `AppError` wrapped in an Error.
import type { AppError } from "./api";

export class ApiFailure extends Error {
  readonly error: AppError;

  constructor(error: AppError) {
    super(`ClearChecks Desktop error: ${error.kind}`);
    this.name = "ApiFailure";
    this.error = error;
  }
}

/** Whatever was thrown, the `AppError` it stands for (`internal` when it is not one of ours). */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof ApiFailure) return thrown.error;
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return { kind: "internal", data: { detail } };
}

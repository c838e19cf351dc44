/** Where in an input file a problem was found; shown to users as `file:line: field: message`. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export type AppErrorCode =
  | 'INVALID_ARGS'
  | 'UNKNOWN_METHOD'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'IMPORT_MISSING_FILE'
  | 'IMPORT_BAD_LINE'
  | 'IMPORT_UNKNOWN_ID'
  | 'IMPORT_DUPLICATE_ID'
  | 'IMPORT_EMPTY'
  | 'EVAL_BAD_INPUT'
  | 'MODEL_INVALID'
  | 'DEVICE_UNAVAILABLE'
  | 'DATABASE_TOO_NEW'
  | 'DATA_DIR_BUSY'
  | 'INTERNAL';

/** Errors are values with a code and a human message, so every shell can show them as they are. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
  ) {
    super(formatLocated(message, location));
    this.name = 'AppError';
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, ...this.location };
  }
}

export interface SerializedError extends ErrorLocation {
  code: AppErrorCode;
  message: string;
}

/** `file:line: field: message` for input files; errors without a file name their field in the message itself. */
function formatLocated(message: string, { file, line, field }: ErrorLocation): string {
  if (!file) return message;
  return [line ? `${file}:${line}` : file, field, message].filter(Boolean).join(': ');
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) return error.toJSON();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

import type { StepId } from '../../preload/connection-kinds';
import type { AppErrorShape } from '../../preload/contract';

/**
 * The only error type that crosses IPC with its message intact. Anything else is reported
 * to the renderer as a generic internal error, so a library's message (which may echo a
 * request body or a token) never reaches the UI.
 */
export class AppError extends Error implements AppErrorShape {
  readonly code: string;
  readonly fix?: string;
  readonly step?: StepId;
  readonly retryAfter?: number;

  constructor(shape: AppErrorShape, options?: { cause?: unknown }) {
    super(shape.message, options);
    this.name = 'AppError';
    this.code = shape.code;
    if (shape.fix !== undefined) this.fix = shape.fix;
    if (shape.step !== undefined) this.step = shape.step;
    if (shape.retryAfter !== undefined) this.retryAfter = shape.retryAfter;
  }

  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message };
    if (this.fix !== undefined) shape.fix = this.fix;
    if (this.step !== undefined) shape.step = this.step;
    if (this.retryAfter !== undefined) shape.retryAfter = this.retryAfter;
    return shape;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

export const cancelledError = (): AppError => new AppError({ code: 'cancelled', message: 'Cancelled.' });

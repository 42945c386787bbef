import type { AppErrorShape } from '../../../preload/contract';

/** An error as the user needs it: what happened, then what to do about it. */
export function ErrorMessage({ error, action }: { error: AppErrorShape; action?: React.ReactNode }) {
  return (
    <div className="message message-error" role="alert">
      <p className="message-title">{error.message}</p>
      {error.fix && <p>{error.fix}</p>}
      {action}
    </div>
  );
}

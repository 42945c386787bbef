import type { StartupProblem } from '../../../preload/contract';

export function ProblemBanner({ problem, onDismiss }: { problem: StartupProblem; onDismiss: () => void }) {
  return (
    <div className="banner banner-warning" role="alert">
      <div>
        <strong>{problem.message}</strong>
        {problem.fix && <p>{problem.fix}</p>}
      </div>
      <button type="button" className="button-quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

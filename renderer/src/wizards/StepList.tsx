interface Props {
  titles: string[];
  current: number;
  done: ReadonlySet<number>;
  onGo: (index: number) => void;
}

/** The setup's steps, each a way back to it; finished ones carry a ✓ (and say "done"). */
export function StepList({ titles, current, done, onGo }: Props) {
  return (
    <nav aria-label="Setup steps">
      <ol className="steps">
        {titles.map((title, i) => (
          <li key={title} className={done.has(i) ? 'step-done' : undefined}>
            <button type="button" className="step-link" aria-current={i === current ? 'step' : undefined} onClick={() => onGo(i)}>
              <span className="step-number" aria-hidden="true">
                {done.has(i) ? '✓' : i + 1}
              </span>
              <span className="visually-hidden">
                Step {i + 1}
                {done.has(i) ? ', done' : ''}:
              </span>{' '}
              {title}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

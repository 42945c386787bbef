import { useId, type ReactNode } from 'react';
import { useFieldIssue } from './field-issues';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'number' | 'date';
  placeholder?: string;
  hint?: ReactNode;
  required?: boolean;
  autoComplete?: string;
  trailing?: ReactNode;
}

/** A labelled input whose hint, and what is wrong with it (see field-issues), are announced with it. */
export function Field({ label, value, onChange, type = 'text', placeholder, hint, required, autoComplete = 'off', trailing }: Props) {
  const id = useId();
  const issue = useFieldIssue(label);
  const describedBy = [issue ? `${id}-issue` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? '' : <span className="optional"> (optional)</span>}
      </label>
      <div className="field-row">
        <input
          id={id}
          type={type}
          value={value}
          placeholder={placeholder}
          required={required}
          spellCheck={false}
          autoComplete={autoComplete}
          aria-invalid={issue ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {trailing}
      </div>
      {issue && (
        <p className="field-issue" id={`${id}-issue`}>
          {issue}
        </p>
      )}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

import { useId, type ReactNode } from 'react';

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

/** A labelled input whose hint is announced with it. */
export function Field({ label, value, onChange, type = 'text', placeholder, hint, required, autoComplete = 'off', trailing }: Props) {
  const id = useId();
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
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {trailing}
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

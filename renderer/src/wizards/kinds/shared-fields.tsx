import type { ConnectionSummary } from '../../../../preload/contract';
import { Field } from '../../components/Field';

/** A secret input that never shows the saved value: empty means "keep the saved one". */
export function SecretField(props: {
  label: string;
  name: string;
  value: string | undefined;
  editing: ConnectionSummary | undefined;
  onChange: (value: string) => void;
  hint?: string;
  required?: boolean;
}) {
  const saved = props.editing?.secrets[props.name]?.set === true;
  return (
    <Field
      label={props.label}
      type="password"
      required={(props.required ?? true) && !saved}
      value={props.value ?? ''}
      placeholder={saved ? 'Saved — leave empty to keep it' : ''}
      hint={props.hint}
      autoComplete="new-password"
      onChange={props.onChange}
    />
  );
}

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

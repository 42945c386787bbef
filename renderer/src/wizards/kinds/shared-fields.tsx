import { createContext, useContext } from 'react';
import type { ConnectionSummary, SecretStatus } from '../../../../preload/contract';
import { Field } from '../../components/Field';
import type { KeptSecrets } from '../types';

/** Secrets kept with a resumed setup draft (in main's vault): like saved ones, they need not be typed again. */
export const KeptSecretsContext = createContext<KeptSecrets>({});

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
  const secrets: Partial<Record<string, SecretStatus>> | undefined = props.editing?.secrets;
  // A secret kept with a setup draft counts only while nothing else is typed in its place.
  const kept = useContext(KeptSecretsContext)[props.name]?.set === true && !props.value;
  const saved = secrets?.[props.name]?.set === true || kept;
  return (
    <Field
      label={props.label}
      type="password"
      required={(props.required ?? true) && !saved}
      value={props.value ?? ''}
      placeholder={saved ? (kept ? 'Kept with this setup — leave empty to keep it' : 'Saved — leave empty to keep it') : ''}
      hint={props.hint}
      autoComplete="new-password"
      onChange={props.onChange}
    />
  );
}

export const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

/** The name designers see on the chip and in the list; every wizard starts with it. */
export function ConnectionNameField<D extends { name: string }>(props: { draft: D; setDraft: (draft: D) => void; placeholder: string }) {
  return (
    <Field
      label="Connection name"
      required
      value={props.draft.name}
      placeholder={props.placeholder}
      hint="The name designers see beside their results and in the list of connections to search."
      onChange={(name) => props.setDraft({ ...props.draft, name })}
    />
  );
}

export function ClientSecretField<D extends { secrets: { clientSecret?: string } }>(props: {
  draft: D;
  setDraft: (draft: D) => void;
  editing: ConnectionSummary | undefined;
  hint?: string;
}) {
  return (
    <SecretField
      label="Client secret"
      name="clientSecret"
      value={props.draft.secrets.clientSecret}
      editing={props.editing}
      {...(props.hint ? { hint: props.hint } : {})}
      onChange={(clientSecret) => props.setDraft({ ...props.draft, secrets: { ...props.draft.secrets, clientSecret } })}
    />
  );
}

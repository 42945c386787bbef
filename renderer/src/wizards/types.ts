import type { ReactNode } from 'react';
import type { ConnectionDraft } from '../../../preload/connection-kinds';
import type { AppInfo, ConnectionKind, ConnectionSummary } from '../../../preload/contract';

export type DraftOf<K extends ConnectionKind> = Extract<ConnectionDraft, { kind: K }>;

/** One step of the provider's own setup document, with the console's exact labels. */
export interface WizardStep {
  id: string;
  title: string;
  body: ReactNode;
}

export interface FormProps<K extends ConnectionKind> {
  draft: DraftOf<K>;
  setDraft: (draft: DraftOf<K>) => void;
  editing: ConnectionSummary | undefined;
  info: AppInfo;
  /** A "Go to step N: …" button for a wizard step id, or nothing for an unknown id. */
  stepLink: (id: string | undefined) => ReactNode;
}

export interface WizardDefinition<K extends ConnectionKind> {
  kind: K;
  /** The name on the chooser (part of the automation contract). */
  choice: string;
  summary: string;
  steps: WizardStep[];
  emptyDraft(): DraftOf<K>;
  fromSummary(connection: ConnectionSummary): DraftOf<K>;
  Form(props: FormProps<K>): ReactNode;
  /** Per-user connections sign in after saving. */
  signInAfterSave?: boolean;
}

export type AnyWizard = { [K in ConnectionKind]: WizardDefinition<K> }[ConnectionKind];

import type { ReactNode } from 'react';
import type { StepId, StepIdOf } from '../../../preload/connection-kinds';
import type { DraftOf } from '../../../preload/connection-drafts';
export type { DraftOf };
import type { AppInfo, ConnectionKind, SummaryOf } from '../../../preload/contract';


/** One step of the provider's own setup document, with the console's exact labels. */
export interface WizardStep<Id extends StepId = StepId> {
  /** One of the kind's `steps` in preload/connection-kinds.ts: main names them in errors. */
  id: Id;
  title: string;
  body: ReactNode;
}

export interface FormProps<K extends ConnectionKind> {
  draft: DraftOf<K>;
  setDraft: (draft: DraftOf<K>) => void;
  editing: SummaryOf<K> | undefined;
  info: AppInfo;
  /** A "Go to step N: …" button for a wizard step id, or nothing for an unknown id. */
  stepLink: (id: string | undefined) => ReactNode;
}

export interface WizardDefinition<K extends ConnectionKind> {
  kind: K;
  summary: string;
  steps: WizardStep<StepIdOf<K>>[];
  emptyDraft(): DraftOf<K>;
  fromSummary(connection: SummaryOf<K>): DraftOf<K>;
  Form(props: FormProps<K>): ReactNode;
  /** Per-user connections sign in after saving. */
  signInAfterSave?: boolean;
}

export type AnyWizard = { [K in ConnectionKind]: WizardDefinition<K> }[ConnectionKind];

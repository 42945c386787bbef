import type { ReactNode } from 'react';
import type { StepId, StepIdOf } from '../../../preload/connection-kinds';
import type { ConnectionDraft, DraftOf } from '../../../preload/connection-drafts';
export type { DraftOf };
import type { AppInfo, ConnectionKind, ConnectionSummary, SecretStatus, SummaryOf } from '../../../preload/contract';

/** One step of the provider's own setup document, with the console's exact labels. */
export interface WizardStep<Id extends StepId = StepId> {
  /** One of the kind's `steps` in preload/connection-kinds.ts: main names them in errors. */
  id: Id;
  title: string;
  body: ReactNode;
  /**
   * What the step needs from the draft: a value asked for here (with where it was found),
   * a button that opens the provider's console, a request to copy for an admin.
   */
  Tools?: (props: StepToolsProps) => ReactNode;
  /** Said on the Connections page while a setup stops at this step ("waiting for your Box admin"). */
  waiting?: string;
}

/** The draft as step tools see it: any kind, narrowed where they use it. */
export interface StepToolsProps {
  draft: ConnectionDraft;
  setDraft: (draft: ConnectionDraft) => void;
}

/** A saved connection as a draft to edit: its settings as saved, no secrets (main keeps them). */
export const draftFromSummary = (c: ConnectionSummary): ConnectionDraft =>
  ({ id: c.id, kind: c.kind, name: c.name, config: { ...c.config }, secrets: {} }) as ConnectionDraft;

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
  Form(props: FormProps<K>): ReactNode;
  /** Per-user connections sign in after saving. */
  signInAfterSave?: boolean;
  /** What must be in place before starting, from the providers' own setup guides. */
  prerequisites?: string[];
  /** The label of the field each draft path is entered in ("config.clientId" → "Client ID"); messages use these, never the paths. */
  fieldLabels(draft: DraftOf<K>): Record<string, string>;
  /** Labels of the fields whose values come from each step: a failed test naming the step marks them. */
  stepFields?: Partial<Record<StepIdOf<K>, string[]>>;
}

/** Which secrets a saved connection or a kept setup draft already holds. */
export type KeptSecrets = Partial<Record<string, SecretStatus>>;

export type AnyWizard = { [K in ConnectionKind]: WizardDefinition<K> }[ConnectionKind];

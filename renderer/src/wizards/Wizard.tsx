import { useEffect, useRef, useState } from 'react';
import { connectionKinds } from '../../../preload/connection-kinds';
import { type ConnectionDraft } from '../../../preload/connection-drafts';
import { errorCodes, type AppErrorShape, type AppInfo, type ConnectionKind, type ConnectionSummary, type TestReport } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { PageHeader } from '../components/PageHeader';
import { TestReportView } from './TestReportView';
import { wizardOrder, wizards } from './registry';
import type { AnyWizard, FormProps } from './types';

interface Props {
  info: AppInfo;
  initialKind: ConnectionKind | undefined;
  editing: ConnectionSummary | undefined;
  onCancel: () => void;
  onSaved: () => Promise<void>;
}

export function Wizard({ info, initialKind, editing, onCancel, onSaved }: Props) {
  const [kind, setKind] = useState<ConnectionKind | undefined>(initialKind);
  if (!kind) return <KindChooser onChoose={setKind} onCancel={onCancel} />;
  return <WizardFor key={kind} wizard={wizards[kind] as AnyWizard} info={info} editing={editing} onCancel={onCancel} onSaved={onSaved} />;
}

function KindChooser({ onChoose, onCancel }: { onChoose: (kind: ConnectionKind) => void; onCancel: () => void }) {
  return (
    <section className="page">
      <PageHeader back="Connections" onBack={onCancel} title="Add a connection" />
      <ul className="kind-list">
        {wizardOrder.map((k) => (
          <li key={k}>
            <button type="button" className={`kind-choice kind-${k}`} aria-describedby={`kind-${k}-summary`} onClick={() => onChoose(k)}>
              {connectionKinds[k].label}
            </button>
            <p id={`kind-${k}-summary`}>{wizards[k].summary}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

type Outcome = { type: 'report'; report: TestReport } | { type: 'error'; error: AppErrorShape } | { type: 'saved' };

function WizardFor({ wizard, info, editing, onCancel, onSaved }: { wizard: AnyWizard } & Omit<Props, 'initialKind'>) {
  const connectStep = wizard.steps.length;
  const [step, setStep] = useState(editing ? connectStep : 0);
  // The chooser picked `wizard` from `editing.kind`, so the two always agree.
  const [draft, setDraft] = useState<ConnectionDraft>(() => (editing ? (wizard.fromSummary as (c: ConnectionSummary) => ConnectionDraft)(editing) : wizard.emptyDraft()));
  const [busy, setBusy] = useState<'test' | 'save' | 'sign-in' | undefined>();
  const signIn = useRef<AbortController | undefined>(undefined);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The form can be taller than the window: bring the result of a test or save into view.
    if (outcome) outcomeRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [outcome]);
  const Form = wizard.Form as (props: FormProps<ConnectionKind>) => React.ReactNode;

  const run = async (what: 'test' | 'save') => {
    setBusy(what);
    setOutcome(undefined);
    try {
      if (what === 'test') {
        setOutcome({ type: 'report', report: await call('connections.test', draft) });
      } else {
        const saved = await call('connections.save', draft);
        setOutcome({ type: 'saved' });
        if (wizard.signInAfterSave && saved.auth === 'needs-sign-in') {
          // Saved either way: a sign-in that fails or is cancelled can be retried from the list.
          setBusy('sign-in');
          signIn.current = new AbortController();
          await call('connections.signIn', { id: saved.id }, signIn.current.signal).catch(() => undefined);
        }
        await onSaved();
      }
    } catch (e) {
      setOutcome({ type: 'error', error: errorShape(e) });
    } finally {
      setBusy(undefined);
    }
  };

  const current = wizard.steps[step];
  const stepLink = (id: string | undefined) => {
    const index = wizard.steps.findIndex((s) => s.id === id);
    return index < 0 ? null : (
      <button type="button" className="button-small" onClick={() => setStep(index)}>
        Go to step {index + 1}: {wizard.steps[index]?.title}
      </button>
    );
  };
  // A per-user connection cannot be tested before anyone has signed in to it.
  const needsSaveFirst = outcome?.type === 'error' && outcome.error.code === errorCodes.needsSignIn && wizard.signInAfterSave && !draft.id;

  return (
    <section className="page wizard">
      <PageHeader back="Connections" onBack={onCancel} title={`${editing ? `Edit ${editing.name}` : 'New connection'}: ${connectionKinds[wizard.kind].label}`} />
      <div className="wizard-body">
        <nav aria-label="Setup steps">
          <ol className="steps">
            {[...wizard.steps, { id: 'connect', title: editing ? 'Connection details' : 'Connect' }].map((s, i) => (
              <li key={s.id}>
                <button type="button" className="step-link" aria-current={i === step ? 'step' : undefined} onClick={() => setStep(i)}>
                  <span className="step-number">{i + 1}</span> {s.title}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <div className="wizard-main">
          {current ? (
            <article className="step-content">
              <h2>
                Step {step + 1}. {current.title}
              </h2>
              {current.body}
            </article>
          ) : (
            <form
              className="step-content connect-form"
              onSubmit={(e) => {
                e.preventDefault();
                void run('save');
              }}
            >
              <h2>
                Step {step + 1}. {editing ? 'Connection details' : 'Connect'}
              </h2>
              <Form draft={draft} setDraft={setDraft} editing={editing} info={info} stepLink={stepLink} />
              <div className="form-actions">
                <button type="button" onClick={() => void run('test')} disabled={busy !== undefined}>
                  {busy === 'test' ? 'Testing…' : 'Test connection'}
                </button>
                <button type="submit" className="button-primary" disabled={busy !== undefined}>
                  {busy === 'save' ? 'Saving…' : busy === 'sign-in' ? 'Waiting for sign-in…' : 'Save connection'}
                </button>
              </div>
              <div className="outcome" role="status" aria-live="polite" ref={outcomeRef}>
                {outcome?.type === 'report' && <TestReportView report={outcome.report} />}
                {outcome?.type === 'saved' && busy !== 'sign-in' && <p>Saved.</p>}
                {busy === 'sign-in' && (
                  <p>
                    Saved. Finish signing in in your browser…{' '}
                    <button type="button" className="button-small" onClick={() => signIn.current?.abort()}>
                      Sign in later
                    </button>
                  </p>
                )}
              </div>
              {outcome?.type === 'error' && (
                <ErrorMessage
                  error={
                    needsSaveFirst
                      ? { code: outcome.error.code, message: 'Sign in before testing.', fix: 'Save the connection: Skyhook then opens the sign-in page, and the test runs as you.' }
                      : outcome.error
                  }
                  action={
                    needsSaveFirst ? (
                      <button type="button" className="button-small" onClick={() => void run('save')}>
                        Save and sign in
                      </button>
                    ) : (
                      stepLink(outcome.error.step)
                    )
                  }
                />
              )}
            </form>
          )}
          {current && (
            <div className="form-actions">
              {step > 0 && (
                <button type="button" onClick={() => setStep(step - 1)}>
                  Back
                </button>
              )}
              <button type="button" className="button-primary" onClick={() => setStep(step + 1)}>
                {step + 1 === connectStep ? 'Continue to connect' : 'Next'}
              </button>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

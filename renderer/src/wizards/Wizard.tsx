import { useEffect, useRef, useState } from 'react';
import { connectionKinds } from '../../../preload/connection-kinds';
import { secretLabel, type ConnectionDraft } from '../../../preload/connection-drafts';
import {
  errorCodes,
  type AppErrorShape,
  type AppInfo,
  type ConnectionKind,
  type ConnectionSummary,
  type SetupDraft,
  type TestReport,
} from '../../../preload/contract';
import { call, errorShape, isCancelled } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { FieldIssues } from '../components/field-issues';
import { PageHeader } from '../components/PageHeader';
import { BeforeYouStart } from './BeforeYouStart';
import { draftIssues, issuesByLabel, type DraftIssue } from './draft-issues';
import { KeptSecretsContext } from './kinds/shared-fields';
import { SignInWaiting } from './SignInWaiting';
import { StepList } from './StepList';
import { TestReportView } from './TestReportView';
import { wizardOrder, wizards } from './registry';
import { draftFromSummary, type AnyWizard, type FormProps, type KeptSecrets, type StepToolsProps } from './types';
import { draftSnapshot, useDraftKeeper } from './use-draft-keeper';
import './wizards.css';

interface Props {
  info: AppInfo;
  initialKind: ConnectionKind | undefined;
  editing: ConnectionSummary | undefined;
  /** Setups in progress, one per kind: choosing a kind with one resumes it. */
  drafts: SetupDraft[];
  onCancel: () => void;
  onSaved: () => Promise<void>;
  onDraftsChanged: () => void;
}

export function Wizard({ info, initialKind, editing, drafts, onCancel, onSaved, onDraftsChanged }: Props) {
  const [kind, setKind] = useState<ConnectionKind | undefined>(initialKind);
  if (!kind) return <KindChooser drafts={drafts} onChoose={setKind} onCancel={onCancel} />;
  return (
    <WizardFor
      key={kind}
      wizard={wizards[kind] as AnyWizard}
      info={info}
      editing={editing}
      resumed={editing ? undefined : drafts.find((d) => d.kind === kind)}
      onCancel={onCancel}
      onSaved={onSaved}
      onDraftsChanged={onDraftsChanged}
    />
  );
}

/** "Step 5 of 8, waiting for your Box admin": where a kept setup stopped. */
export function draftProgress(draft: SetupDraft): string {
  const wizard = wizards[draft.kind] as AnyWizard;
  const total = wizard.steps.length + 1;
  const waiting = wizard.steps[draft.step]?.waiting;
  return `step ${Math.min(draft.step + 1, total)} of ${total}${waiting ? `, ${waiting}` : ''}`;
}

function KindChooser({
  drafts,
  onChoose,
  onCancel,
}: {
  drafts: SetupDraft[];
  onChoose: (kind: ConnectionKind) => void;
  onCancel: () => void;
}) {
  return (
    <main className="page">
      <PageHeader back="Connections" onBack={onCancel} title="Add a connection" />
      <ul className="kind-list">
        {wizardOrder.map((k) => {
          const kept = drafts.find((d) => d.kind === k);
          return (
            <li key={k}>
              <button type="button" className={`kind-choice kind-${k}`} aria-describedby={`kind-${k}-summary`} onClick={() => onChoose(k)}>
                {connectionKinds[k].label}
              </button>
              <p id={`kind-${k}-summary`}>
                {wizards[k].summary}
                {kept && <span className="setup-in-progress"> Setup in progress: {draftProgress(kept)}.</span>}
              </p>
            </li>
          );
        })}
      </ul>
    </main>
  );
}

type Outcome =
  | { type: 'issues'; issues: DraftIssue[] }
  | { type: 'report'; report: TestReport; account?: string }
  | { type: 'error'; error: AppErrorShape; during: 'test' | 'save' | 'sign-in' | 'sign-in-after-save' }
  | { type: 'saved' };

type Busy = 'test' | 'save' | 'sign-in' | 'sign-in-after-save';

/** The outcome of the last test or sign-in, for the draft exactly as it was then. */
interface LastTest {
  key: string;
  ok: boolean;
  message?: string;
}

const keyOf = (draft: ConnectionDraft) => JSON.stringify([draft.name, draft.config, draft.secrets]);
const cancelledSignIn: AppErrorShape = {
  code: errorCodes.cancelled,
  message: 'The sign-in was cancelled.',
  fix: 'Select Try sign in again when you are ready.',
};

function startingDraft(wizard: AnyWizard, editing: ConnectionSummary | undefined, resumed: SetupDraft | undefined): ConnectionDraft {
  if (editing) return draftFromSummary(editing);
  const empty = wizard.emptyDraft();
  if (!resumed) return empty;
  return { ...empty, name: resumed.name, config: { ...empty.config, ...resumed.config } } as ConnectionDraft;
}

function WizardFor({
  wizard,
  info,
  editing,
  resumed,
  onCancel,
  onSaved,
  onDraftsChanged,
}: { wizard: AnyWizard; resumed: SetupDraft | undefined } & Omit<Props, 'initialKind' | 'drafts'>) {
  const connectStep = wizard.steps.length;
  const [step, setStep] = useState(editing ? connectStep : Math.min(resumed?.step ?? 0, connectStep));
  const [done, setDone] = useState<ReadonlySet<number>>(() => new Set(resumed?.done ?? []));
  const [draft, setDraftState] = useState<ConnectionDraft>(() => startingDraft(wizard, editing, resumed));
  const [kept, setKept] = useState<KeptSecrets>(resumed?.secrets ?? {});
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState<Busy | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [lastTest, setLastTest] = useState<LastTest | undefined>();
  const [signedIn, setSignedIn] = useState<{ pendingId: string; key: string } | undefined>();
  const [savedId, setSavedId] = useState<string | undefined>();
  const [asking, setAsking] = useState<{ type: 'leave' } | { type: 'save'; reason: string } | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const signIn = useRef<AbortController | undefined>(undefined);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const focusStep = useRef(false);
  const isNew = !editing && !savedId;
  const keeper = useDraftKeeper(isNew && touched, draftSnapshot(draft, step, done), (k) => {
    setKept(k.secrets);
    onDraftsChanged();
  });
  const Form = wizard.Form as (props: FormProps<ConnectionKind>) => React.ReactNode;
  const titles = [...wizard.steps.map((s) => s.title), editing ? 'Connection details' : 'Connect'];
  const savedSecrets: KeptSecrets = editing?.secrets ?? kept;

  const setDraft = (next: ConnectionDraft) => {
    setDraftState(next);
    setTouched(true);
  };

  const goTo = (index: number, finishing: boolean) => {
    if (finishing) setDone((d) => new Set(d).add(step));
    setStep(index);
    setTouched(true);
    setAnnouncement(`Step ${index + 1} of ${titles.length}: ${titles[index]}`);
    focusStep.current = true;
  };
  useEffect(() => {
    // The new step's heading takes the focus, so keyboard and screen-reader users start there.
    if (focusStep.current) stepHeading.current?.focus();
    focusStep.current = false;
  }, [step]);
  const connectForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // Editing a connection whose secret this computer can no longer decrypt starts in that field.
    if (editing?.needsSecretAgain?.length) connectForm.current?.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus();
  }, [editing]);
  useEffect(() => {
    // A result is never missed below the fold: it scrolls into view and takes the focus.
    if (!outcome || outcome.type === 'saved') return;
    outcomeRef.current?.scrollIntoView({ block: 'nearest' });
    outcomeRef.current?.focus({ preventScroll: true });
  }, [outcome]);

  /** Every missing or malformed field at once, before anything is sent. */
  const checked = (): boolean => {
    const issues = draftIssues(wizard, draft, savedSecrets);
    if (issues.length > 0) setOutcome({ type: 'issues', issues });
    return issues.length === 0;
  };

  const test = async () => {
    if (!checked()) return;
    const key = keyOf(draft);
    setBusy('test');
    setOutcome(undefined);
    try {
      setOutcome({ type: 'report', report: await call('connections.test', draft) });
      setLastTest({ key, ok: true });
    } catch (e) {
      const error = errorShape(e);
      setOutcome({ type: 'error', error, during: 'test' });
      setLastTest({ key, ok: false, message: error.message });
    } finally {
      setBusy(undefined);
    }
  };

  const signInAndTest = async () => {
    if (!checked()) return;
    const key = keyOf(draft);
    setBusy('sign-in');
    setOutcome(undefined);
    signIn.current = new AbortController();
    try {
      const result = await call('connections.signInAndTest', draft, signIn.current.signal);
      setSignedIn({ pendingId: result.pendingId, key });
      setOutcome({ type: 'report', report: result.report, account: result.account });
      setLastTest({ key, ok: true });
    } catch (e) {
      const error = isCancelled(e) ? cancelledSignIn : errorShape(e);
      setOutcome({ type: 'error', error, during: 'sign-in' });
      setLastTest({ key, ok: false, message: error.message });
    } finally {
      setBusy(undefined);
    }
  };

  /** A per-user connection saved without signing in signs in now; a failure keeps the wizard open. */
  const signInSaved = async (id: string) => {
    setBusy('sign-in-after-save');
    setOutcome({ type: 'saved' });
    signIn.current = new AbortController();
    try {
      await call('connections.signIn', { id }, signIn.current.signal);
      await onSaved();
    } catch (e) {
      // "Sign in later": saved either way, the row offers Sign in.
      if (isCancelled(e)) await onSaved();
      else setOutcome({ type: 'error', error: errorShape(e), during: 'sign-in-after-save' });
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (confirmed: boolean) => {
    setAsking(undefined);
    if (!checked()) return;
    const key = keyOf(draft);
    const tested = lastTest?.key === key ? lastTest : undefined;
    // New setups are tested before they are saved; an edit only asks after a failed test.
    if (!confirmed && !tested?.ok && (isNew || lastTest?.ok === false)) {
      const reason = tested
        ? `The last ${wizard.signInAfterSave ? 'sign-in' : 'test'} failed: ${tested.message ?? 'see above'}`
        : lastTest
          ? 'You changed the setup since the last test.'
          : wizard.signInAfterSave
            ? 'Nobody has signed in with this setup yet, so it has not been tested.'
            : 'This setup has not been tested yet.';
      setAsking({ type: 'save', reason });
      return;
    }
    keeper.finish();
    setBusy('save');
    setOutcome(undefined);
    try {
      const withSignIn = signedIn?.key === key ? { ...draft, id: signedIn.pendingId } : draft;
      const saved = await call('connections.save', withSignIn);
      setSavedId(saved.id);
      setDraftState({ ...draft, id: saved.id } as ConnectionDraft);
      setDone((d) => new Set(d).add(connectStep));
      onDraftsChanged();
      if (wizard.signInAfterSave && saved.auth === 'needs-sign-in') {
        setBusy(undefined);
        await signInSaved(saved.id);
        return;
      }
      setOutcome({ type: 'saved' });
      await onSaved();
    } catch (e) {
      setOutcome({ type: 'error', error: errorShape(e), during: 'save' });
    } finally {
      setBusy((b) => (b === 'save' ? undefined : b));
    }
  };

  const leave = () => {
    if (touched && !savedId) setAsking({ type: 'leave' });
    else onCancel();
  };

  const current = wizard.steps[step];
  const stepLink = (id: string | undefined) => {
    const index = wizard.steps.findIndex((s) => s.id === id);
    return index < 0 ? null : (
      <button type="button" className="button-small" onClick={() => goTo(index, false)}>
        Go to step {index + 1}: {wizard.steps[index]?.title}
      </button>
    );
  };
  // Marks: every field with an issue; after a failed test, the fields the named step fills in.
  const liveIssues = outcome?.type === 'issues' ? draftIssues(wizard, draft, savedSecrets) : [];
  const marks = new Map(issuesByLabel(liveIssues));
  if (outcome?.type === 'error' && outcome.error.step) {
    const labels = (wizard.stepFields as Partial<Record<string, string[]>> | undefined)?.[outcome.error.step] ?? [];
    for (const label of labels)
      marks.set(label, `${outcome.error.message} (see step ${wizard.steps.findIndex((s) => s.id === outcome.error.step) + 1})`);
  }
  const typedSecrets: Partial<Record<string, string>> = draft.secrets;
  for (const name of editing?.needsSecretAgain ?? []) {
    if (!typedSecrets[name])
      marks.set(
        secretLabel(wizard.kind, name),
        'This computer can no longer decrypt the saved value (its keychain or key changed): enter it again.',
      );
  }
  const needsSignInFirst = outcome?.type === 'error' && outcome.error.code === errorCodes.needsSignIn && wizard.signInAfterSave;
  const perUser = wizard.signInAfterSave === true;
  const signingIn = busy === 'sign-in' || busy === 'sign-in-after-save';

  return (
    <main className="page wizard">
      <PageHeader
        back="Connections"
        onBack={leave}
        title={`${editing ? `Edit ${editing.name}` : 'New connection'}: ${connectionKinds[wizard.kind].label}`}
      />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className="wizard-body">
        <StepList titles={titles} current={step} done={done} onGo={(i) => goTo(i, false)} />
        <div className="wizard-main">
          {step === 0 && !editing && <BeforeYouStart items={wizard.prerequisites ?? []} />}
          {current ? (
            <article className="step-content">
              <h2 ref={stepHeading} tabIndex={-1}>
                Step {step + 1}. {current.title}
              </h2>
              {current.body}
              {current.Tools && <current.Tools draft={draft} setDraft={setDraft as StepToolsProps['setDraft']} />}
            </article>
          ) : (
            <form
              ref={connectForm}
              className="step-content connect-form"
              noValidate
              // Enter in a field never saves: saving is a deliberate click, after a test.
              onSubmit={(e) => e.preventDefault()}
            >
              <h2 ref={stepHeading} tabIndex={-1}>
                Step {step + 1}. {editing ? 'Connection details' : 'Connect'}
              </h2>
              <FieldIssues.Provider value={marks}>
                <KeptSecretsContext.Provider value={kept}>
                  <Form draft={draft} setDraft={setDraft} editing={editing} info={info} stepLink={(id) => stepLink(id)} />
                </KeptSecretsContext.Provider>
              </FieldIssues.Provider>
              <div className="form-actions">
                <button type="button" onClick={() => void test()} disabled={busy !== undefined}>
                  {busy === 'test' ? 'Testing…' : 'Test connection'}
                </button>
                {perUser && (
                  <button type="button" className="button-primary" onClick={() => void signInAndTest()} disabled={busy !== undefined}>
                    Sign in
                  </button>
                )}
                <button
                  type="button"
                  className={perUser ? undefined : 'button-primary'}
                  onClick={() => void save(false)}
                  disabled={busy !== undefined}
                >
                  {busy === 'save' ? 'Saving…' : 'Save connection'}
                </button>
              </div>
              <div className="outcome-area" ref={outcomeRef} tabIndex={-1}>
                <div className="outcome" role="status" aria-live="polite">
                  {outcome?.type === 'report' && <TestReportView report={outcome.report} account={outcome.account} />}
                  {outcome?.type === 'saved' && !signingIn && <p>Saved.</p>}
                  {signingIn && <SignInWaiting saved={busy === 'sign-in-after-save'} onStop={() => signIn.current?.abort()} />}
                </div>
                {outcome?.type === 'issues' && liveIssues.length > 0 && (
                  <div className="message message-error" role="alert">
                    <p className="message-title">
                      {liveIssues.length === 1 ? 'One thing to fix first:' : `${liveIssues.length} things to fix first:`}
                    </p>
                    <ul>
                      {liveIssues.map((i) => (
                        <li key={i.message}>{i.message}</li>
                      ))}
                    </ul>
                  </div>
                )}
                {outcome?.type === 'error' && (
                  <ErrorMessage
                    error={
                      needsSignInFirst
                        ? {
                            code: outcome.error.code,
                            message: 'Sign in before testing.',
                            fix: 'Select Sign in: Skyhook opens the sign-in page, then tests the connection as you.',
                          }
                        : outcome.error
                    }
                    action={
                      <div className="button-row">
                        {stepLink(outcome.error.step)}
                        {outcome.during === 'sign-in' && (
                          <button type="button" className="button-small" onClick={() => void signInAndTest()}>
                            Try sign in again
                          </button>
                        )}
                        {outcome.during === 'sign-in-after-save' && savedId && (
                          <>
                            <button type="button" className="button-small" onClick={() => void signInSaved(savedId)}>
                              Try sign in again
                            </button>
                            <button type="button" className="button-small" onClick={() => void onSaved()}>
                              Go to Connections
                            </button>
                          </>
                        )}
                      </div>
                    }
                  />
                )}
              </div>
            </form>
          )}
          {current && (
            <div className="form-actions">
              {step > 0 && (
                <button type="button" onClick={() => goTo(step - 1, false)}>
                  Back
                </button>
              )}
              <button type="button" className="button-primary" onClick={() => goTo(step + 1, true)}>
                {step + 1 === connectStep ? 'Continue to connect' : 'Next'}
              </button>
            </div>
          )}
        </div>
      </div>
      {asking?.type === 'save' && (
        <ConfirmDialog
          title="Save without a passing test?"
          onCancel={() => setAsking(undefined)}
          choices={[
            { label: perUser ? 'Go back and sign in' : 'Go back and test', onChoose: () => setAsking(undefined) },
            { label: 'Save anyway', kind: 'primary', onChoose: () => void save(true) },
          ]}
        >
          <p>{asking.reason}</p>
          <p>Designers see a connection that does not work as an error beside their results.</p>
        </ConfirmDialog>
      )}
      {asking?.type === 'leave' &&
        (isNew ? (
          <ConfirmDialog
            title="Leave this setup?"
            onCancel={() => setAsking(undefined)}
            choices={[
              { label: 'Stay', onChoose: () => setAsking(undefined) },
              {
                label: 'Keep the draft and leave',
                kind: 'primary',
                onChoose: () => {
                  void keeper.keepNow().then(onCancel);
                },
              },
              {
                label: 'Discard the setup',
                kind: 'danger',
                onChoose: () => {
                  keeper.finish();
                  void call('drafts.discard', { kind: wizard.kind })
                    .catch(() => undefined)
                    .then(() => {
                      onDraftsChanged();
                      onCancel();
                    });
                },
              },
            ]}
          >
            <p>
              Your progress is kept: resume it from Connections, where it shows as a setup in progress. Secrets you typed are kept in
              Skyhook’s encrypted vault.
            </p>
          </ConfirmDialog>
        ) : (
          <ConfirmDialog
            title="Discard your changes?"
            onCancel={() => setAsking(undefined)}
            choices={[
              { label: 'Keep editing', onChoose: () => setAsking(undefined) },
              { label: 'Discard changes', kind: 'danger', onChoose: onCancel },
            ]}
          >
            <p>Your changes to {editing?.name ?? 'this connection'} are not saved.</p>
          </ConfirmDialog>
        ))}
    </main>
  );
}

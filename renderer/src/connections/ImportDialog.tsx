import { useEffect, useId, useState } from 'react';
import type { AppErrorShape, ConnectionSummary, ProfilePreview } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { ModalFrame } from '../components/ModalFrame';
import { kindLabel } from '../../../preload/kind-facts';

/** Where the profile came from; `source` is the file's text or a skyhook:// link. */
export interface ImportRequest {
  source?: string;
  label?: string;
  error?: AppErrorShape;
}

interface Props {
  request: ImportRequest;
  onClose: () => void;
  onImported: () => Promise<void>;
}

const maxFileBytes = 512 * 1024;

/** Reads a dropped or chosen file as profile text, refusing what cannot be one. */
export async function readProfileFile(file: File): Promise<ImportRequest> {
  if (file.size > maxFileBytes) {
    return {
      label: file.name,
      error: {
        code: 'profile_invalid',
        message: `${file.name} is too large to be a connection profile.`,
        fix: 'Choose the .skyhook file you were sent.',
      },
    };
  }
  return { label: file.name, source: await file.text() };
}

type Phase =
  | { name: 'choose'; error?: AppErrorShape }
  | { name: 'loading' }
  | { name: 'preview'; source: string; preview: ProfilePreview }
  | { name: 'done'; connection: ConnectionSummary };

/** Asks main what the profile would add; a bad profile goes back to the chooser with the reason. */
async function previewPhase(source: string): Promise<Phase> {
  try {
    return { name: 'preview', source, preview: await call('profiles.preview', { source }) };
  } catch (e) {
    return { name: 'choose', error: errorShape(e) };
  }
}

/** Import a connection profile: choose it, see exactly what will be added, confirm. */
export function ImportDialog({ request, onClose, onImported }: Props) {
  const titleId = useId();
  const [phase, setPhase] = useState<Phase>(() =>
    request.source ? { name: 'loading' } : { name: 'choose', ...(request.error ? { error: request.error } : {}) },
  );
  const [label, setLabel] = useState(request.label);

  const load = (source: string) => {
    setPhase({ name: 'loading' });
    void previewPhase(source).then(setPhase);
  };

  const initialSource = request.source;
  useEffect(() => {
    if (!initialSource) return;
    let live = true;
    void previewPhase(initialSource).then((next) => live && setPhase(next));
    return () => {
      live = false;
    };
  }, [initialSource]);

  const title =
    phase.name === 'preview' ? `Import ${phase.preview.name}?` : phase.name === 'done' ? 'Connection added' : 'Import a connection profile';

  return (
    <ModalFrame titleId={titleId} title={title} onClose={onClose}>
      {phase.name === 'loading' && (
        <p className="profile-body" role="status">
          Reading {label ?? 'the profile'}…
        </p>
      )}
      {phase.name === 'choose' && (
        <Chooser
          error={phase.error}
          label={label}
          onSource={(source, from) => {
            setLabel(from);
            load(source);
          }}
          onError={(error) => setPhase({ name: 'choose', error })}
          onCancel={onClose}
        />
      )}
      {phase.name === 'preview' && (
        <Preview
          source={phase.source}
          preview={phase.preview}
          label={label}
          onCancel={onClose}
          onImported={async (connection) => {
            await onImported();
            setPhase({ name: 'done', connection });
          }}
        />
      )}
      {phase.name === 'done' && <Done connection={phase.connection} onClose={onClose} onChanged={onImported} />}
    </ModalFrame>
  );
}

function Chooser(props: {
  error: AppErrorShape | undefined;
  label: string | undefined;
  onSource: (source: string, label: string | undefined) => void;
  onError: (error: AppErrorShape) => void;
  onCancel: () => void;
}) {
  const fileId = useId();
  const linkId = useId();
  const [link, setLink] = useState('');
  return (
    <form
      className="profile-body"
      onSubmit={(e) => {
        e.preventDefault();
        if (link.trim()) props.onSource(link.trim(), 'pasted link');
      }}
    >
      {props.error && (
        <ErrorMessage error={{ ...props.error, message: props.label ? `${props.label}: ${props.error.message}` : props.error.message }} />
      )}
      <p>
        Open the .skyhook file your admin sent you, or paste the skyhook:// link. You can also drop the file anywhere on the Skyhook window.
      </p>
      <div className="field">
        <label htmlFor={fileId}>Profile file</label>
        <input
          id={fileId}
          type="file"
          accept=".skyhook,application/json"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            void readProfileFile(file).then((read) =>
              read.source ? props.onSource(read.source, read.label) : read.error && props.onError(read.error),
            );
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={linkId}>Or paste a skyhook:// link</label>
        <input
          id={linkId}
          type="text"
          value={link}
          placeholder="skyhook://import?profile=…"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setLink(e.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button-primary" disabled={!link.trim()}>
          Preview
        </button>
      </div>
    </form>
  );
}

function Preview({
  source,
  preview,
  label,
  onCancel,
  onImported,
}: {
  source: string;
  preview: ProfilePreview;
  label: string | undefined;
  onCancel: () => void;
  onImported: (c: ConnectionSummary) => Promise<void>;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [choice, setChoice] = useState<'replace' | 'keep-both'>('keep-both');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | undefined>();
  const sealed = preview.sealed.length > 0;
  const conflict = preview.conflict;
  const finalName = conflict && choice === 'keep-both' ? preview.keepBothName : preview.name;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const connection = await call('profiles.import', {
        source,
        ...(sealed ? { passphrase } : {}),
        ...(conflict ? { conflict: choice } : {}),
      });
      await onImported(connection);
    } catch (e) {
      setError(errorShape(e));
      setBusy(false);
    }
  };

  return (
    <form
      className="profile-body"
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
    >
      <p>This profile{label ? ` (${label})` : ''} adds one connection. Nothing is saved until you confirm.</p>
      <dl className="facts profile-facts" aria-label="What will be added">
        <div>
          <dt>Provider</dt>
          <dd>{kindLabel(preview.kind)}</dd>
        </div>
        <div>
          <dt>Connection name</dt>
          <dd>{finalName}</dd>
        </div>
        {preview.details.map((d) => (
          <div key={d.label}>
            <dt>{d.label}</dt>
            <dd>{d.value}</dd>
          </div>
        ))}
        <div>
          <dt>Secrets</dt>
          <dd>{secretsLine(preview)}</dd>
        </div>
        {preview.exportedAt && (
          <div>
            <dt>Exported</dt>
            <dd>{new Date(preview.exportedAt).toLocaleString()}</dd>
          </div>
        )}
      </dl>
      {preview.warnings.map((w) => (
        <p key={w} className="message profile-warning">
          {w}
        </p>
      ))}
      {conflict && (
        <fieldset className="choice-row profile-conflict">
          <legend>
            You already have{' '}
            {conflict.reason === 'name'
              ? `a connection named ${conflict.name}`
              : `a connection to the same ${preview.kind === 'local' ? 'folder' : 'app'}: ${conflict.name}`}
            .
          </legend>
          <label className="check">
            <input type="radio" name="conflict" checked={choice === 'keep-both'} onChange={() => setChoice('keep-both')} />
            Keep both (the imported one is called {preview.keepBothName})
          </label>
          <label className="check">
            <input
              type="radio"
              name="conflict"
              disabled={conflict.managed}
              checked={choice === 'replace'}
              onChange={() => setChoice('replace')}
            />
            Replace {conflict.name}
            {conflict.managed ? ' (managed by your organisation, cannot be replaced)' : ' (its saved secrets and sign-in are removed)'}
          </label>
        </fieldset>
      )}
      {sealed && (
        <Field
          label="Passphrase"
          required
          type="password"
          value={passphrase}
          autoComplete="off"
          hint="The passphrase whoever shared the profile gave you. It is case-sensitive."
          onChange={setPassphrase}
        />
      )}
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button-primary" disabled={busy || (sealed && !passphrase)}>
          {busy ? 'Importing…' : choice === 'replace' && conflict ? `Replace ${conflict.name}` : 'Import connection'}
        </button>
      </div>
    </form>
  );
}

function secretsLine(preview: ProfilePreview): string {
  const parts: string[] = [];
  if (preview.sealed.length > 0) parts.push(`${preview.sealed.join(' and ')} included, sealed (you need the passphrase)`);
  if (preview.missing.length > 0) parts.push(`${preview.missing.join(' and ')} not included: you will be asked for it`);
  if (parts.length === 0) parts.push('None needed');
  if (preview.signInNeeded) parts.push('you sign in with your own account after importing');
  return parts.join('; ') + '.';
}

function Done({ connection, onClose, onChanged }: { connection: ConnectionSummary; onClose: () => void; onChanged: () => Promise<void> }) {
  const [error, setError] = useState<AppErrorShape | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <div className="profile-body">
      <div className="message message-success" role="status">
        <p className="message-title">Added {connection.name}.</p>
        {connection.auth === 'needs-sign-in' && <p>Sign in with your own account to search it.</p>}
        {connection.warnings.map((w) => (
          <p key={w}>{w}</p>
        ))}
      </div>
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        {connection.auth === 'needs-sign-in' && (
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await call('connections.signIn', { id: connection.id });
                await onChanged();
                onClose();
              } catch (e) {
                setError(errorShape(e));
                setBusy(false);
              }
            }}
          >
            {busy ? 'Waiting for the browser…' : 'Sign in'}
          </button>
        )}
        <button type="button" className="button-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}

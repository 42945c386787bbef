import { useState, type ReactNode } from 'react';
import type { AppErrorShape, BoxConfigFileSummary } from '../../../../preload/contract';
import type { SecretsOf } from '../../../../preload/connection-kinds';
import { call, errorShape } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';

export interface ImportedConfig extends BoxConfigFileSummary {
  secrets: SecretsOf<'box-jwt'>;
}

interface Props {
  /** A key pair is already in the vault (editing). */
  saved: boolean;
  onImport: (result: ImportedConfig) => void;
  /** The wizard's "Go to step" button for the step where a bad file is fixed. */
  stepLink: (id: string | undefined) => ReactNode;
}

/**
 * Reads the Developer Console's config.json from a file picker or a drop. Main checks the
 * file (fields present, the passphrase opens the key) and says what it found; the
 * secrets go into the draft from the file the person chose, as if typed.
 */
export function JwtConfigImport({ saved, onImport, stepLink }: Props) {
  const [error, setError] = useState<AppErrorShape | undefined>();
  const [imported, setImported] = useState<{ file: string; found: string[] } | undefined>();
  const [dragging, setDragging] = useState(false);
  const read = (file: File | undefined) => {
    if (!file) return;
    void file.text().then(async (text) => {
      try {
        const summary = await call('box.inspectConfigFile', { text });
        const app = (
          JSON.parse(text.replace(/^\uFEFF/, '')) as {
            boxAppSettings: { clientSecret: string; appAuth: { privateKey: string; passphrase?: string } };
          }
        ).boxAppSettings;
        const secrets: SecretsOf<'box-jwt'> = { clientSecret: app.clientSecret, privateKey: app.appAuth.privateKey };
        if (app.appAuth.passphrase) secrets.passphrase = app.appAuth.passphrase;
        setError(undefined);
        setImported({ file: file.name, found: summary.found });
        onImport({ ...summary, secrets });
      } catch (e) {
        setError(errorShape(e));
      }
    });
  };
  return (
    <div
      className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        read(e.dataTransfer.files[0]);
      }}
    >
      <label className="field">
        <span>Box app config.json</span>
        <input type="file" accept="application/json,.json" onChange={(e) => read(e.target.files?.[0])} />
      </label>
      <p className="field-hint">
        {saved && !imported ? 'A key pair is saved. Import a new config.json only to replace it. ' : ''}
        Drop the file here or choose it: the one Box downloaded with the key pair (step 4).
      </p>
      {imported && (
        <p role="status" className="found">
          Found: {imported.found.join(', ')} — in {imported.file}.
        </p>
      )}
      {error && (
        <ErrorMessage
          error={error}
          action={
            <>
              <p>{imported ? `Skyhook still uses ${imported.file}.` : 'Nothing was imported.'}</p>
              {stepLink(error.step)}
            </>
          }
        />
      )}
    </div>
  );
}

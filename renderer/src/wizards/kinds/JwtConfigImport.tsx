import { useState } from 'react';
import type { AppErrorShape, BoxConfigFileSummary } from '../../../../preload/contract';
import type { SecretsOf } from '../../../../preload/connection-kinds';
import { call, errorShape } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';

export interface ImportedConfig extends BoxConfigFileSummary {
  secrets: SecretsOf<'box-jwt'>;
}

interface Props {
  found: string[];
  saved: boolean;
  onImport: (result: ImportedConfig) => void;
}

/**
 * Reads the Developer Console's config.json from a file picker or a drop. Main checks the
 * file (fields present, the passphrase opens the key) and says what it found; the
 * secrets go into the draft from the file the person chose, as if typed.
 */
export function JwtConfigImport({ found, saved, onImport }: Props) {
  const [error, setError] = useState<AppErrorShape | undefined>();
  const [dragging, setDragging] = useState(false);
  const read = (file: File | undefined) => {
    if (!file) return;
    void file.text().then(async (text) => {
      try {
        const summary = await call('box.inspectConfigFile', { text });
        const app = (JSON.parse(text.replace(/^\uFEFF/, '')) as { boxAppSettings: { clientSecret: string; appAuth: { privateKey: string; passphrase?: string } } })
          .boxAppSettings;
        const secrets: SecretsOf<'box-jwt'> = { clientSecret: app.clientSecret, privateKey: app.appAuth.privateKey };
        if (app.appAuth.passphrase) secrets.passphrase = app.appAuth.passphrase;
        setError(undefined);
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
        {saved && found.length === 0 ? 'A key pair is saved. Import a new config.json only to replace it. ' : ''}
        Drop the file here or choose it.
      </p>
      {found.length > 0 && (
        <p role="status" className="found">
          Found: {found.join(', ')}.
        </p>
      )}
      {error && <ErrorMessage error={error} />}
    </div>
  );
}

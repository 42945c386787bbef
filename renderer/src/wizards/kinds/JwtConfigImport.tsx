import { useState } from 'react';
import { parseBoxAppConfig, type ParsedBoxAppConfig } from '../../../../preload/box-app-config';

interface Props {
  found: string[];
  saved: boolean;
  onImport: (result: ParsedBoxAppConfig) => void;
}

/** Reads the Developer Console's config.json from a file picker or a drop. */
export function JwtConfigImport({ found, saved, onImport }: Props) {
  const [error, setError] = useState<string | undefined>();
  const [dragging, setDragging] = useState(false);
  const read = (file: File | undefined) => {
    if (!file) return;
    void file.text().then((text) => {
      const result = parseBoxAppConfig(text);
      if (result.ok) {
        setError(undefined);
        onImport(result.value);
      } else setError(result.error);
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
      {error && (
        <p role="alert" className="message message-error">
          {error}
        </p>
      )}
    </div>
  );
}

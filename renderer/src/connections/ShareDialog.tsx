import { useId, useState, type ReactNode } from 'react';
import type { AppErrorShape, ConnectionSummary, ProfileExport } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { CopyButton } from '../components/CopyButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { kindLabel } from '../../../preload/kind-facts';
import { ModalFrame } from '../components/ModalFrame';

interface SecretStory {
  /** What every computer needs, in one sentence. */
  need: ReactNode;
  /** What anyone holding the file and the passphrase can read, and what that gives them. */
  exposure?: { what: string; meaning: string };
  /** Without the sealed secret the connection does not work until someone pastes it in. */
  essential: boolean;
}

/** Plain words per kind: what the team needs, and what sealing a secret hands out. */
function secretStory(c: ConnectionSummary): SecretStory {
  switch (c.kind) {
    case 'local':
      return {
        need: 'A folder has no secrets. The profile holds its path, so it works on computers where the same path exists (a mapped network drive, say).',
        essential: false,
      };
    case 'onedrive':
      return c.config.mode === 'confidential'
        ? {
            need: 'Each designer signs in with their own Microsoft account. This app registration also uses a client secret.',
            exposure: {
              what: 'the app registration’s client secret',
              meaning:
                'It opens no files by itself (each person still signs in), but it lets someone pose as your app during sign-in. If the file and passphrase leak, delete the secret in the Azure portal.',
            },
            essential: false,
          }
        : {
            need: 'No secrets are needed: each designer signs in with their own Microsoft account and sees only the files they may open.',
            essential: false,
          };
    case 'box-oauth':
      return {
        need: 'Each designer signs in with their own Box account. Box still needs the app’s client secret to finish that sign-in: include it sealed, or each designer pastes it in after importing.',
        exposure: {
          what: 'the app’s client secret',
          meaning:
            'It opens no files by itself (each person still signs in with their own Box account), but it lets someone pose as your app. If the file and passphrase leak, reset the secret in the Box Developer Console.',
        },
        essential: true,
      };
    case 'box-ccg':
      return {
        need: 'Client Credentials signs in as the app’s service account, so every computer needs the client secret. Include it sealed with a passphrase, or each designer has to paste it in.',
        exposure: {
          what: 'the client secret',
          meaning:
            'That is full read access to everything shared with the service account, from any computer, without signing in. If the file and passphrase leak, reset the secret in the Box Developer Console.',
        },
        essential: true,
      };
    case 'box-jwt':
      return {
        need: 'JWT signs in as the app’s service account, so every computer needs the client secret and the private key. Include them sealed with a passphrase, or each designer has to import the config.json.',
        exposure: {
          what: 'the client secret and the private key (with its passphrase)',
          meaning:
            'That is full read access to everything shared with the service account, from any computer, without signing in. If the file and passphrase leak, remove the public key in the Box Developer Console.',
        },
        essential: true,
      };
  }
}

const passphraseAlphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Five groups of five characters from the browser's CSPRNG: about 125 bits, easy to read aloud. */
function suggestPassphrase(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(25));
  const chars = Array.from(bytes, (b) => passphraseAlphabet[b % passphraseAlphabet.length]).join('');
  return chars.match(/.{5}/g)?.join('-') ?? chars;
}

/** Saves the profile with the browser's download (Electron shows its save dialog for it). */
function saveProfile(profile: ProfileExport): void {
  const url = URL.createObjectURL(new Blob([profile.text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = profile.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const minPassphrase = 12;

export function ShareDialog({ connection, onClose }: { connection: ConnectionSummary; onClose: () => void }) {
  const titleId = useId();
  const story = secretStory(connection);
  const hasSecrets = Object.values(connection.secrets).some((s) => s.set);
  const [seal, setSeal] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [reveal, setReveal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | undefined>();
  const [profile, setProfile] = useState<ProfileExport | undefined>();

  const problem = !seal
    ? undefined
    : passphrase.length < minPassphrase
      ? `Use a passphrase of at least ${minPassphrase} characters.`
      : passphrase !== confirm
        ? 'The two passphrases differ.'
        : undefined;

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await call('profiles.export', { id: connection.id, ...(seal ? { passphrase } : {}) });
      setProfile(created);
      saveProfile(created);
    } catch (e) {
      setError(errorShape(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalFrame titleId={titleId} title={`Share ${connection.name} with your team`} onClose={onClose}>
      {profile ? (
        <div className="profile-body">
          <div className="message message-success" role="status">
            <p className="message-title">Profile ready: {profile.fileName}</p>
            <p>
              {profile.sealed.length > 0
                ? `Sealed inside: ${profile.sealed.join(', ')}. Send the passphrase separately from the file (a call, another chat).`
                : 'No secrets are inside.'}
            </p>
          </div>
          <p>
            Send the file to your team. They open it (double-click, drag it onto Skyhook, or <b>Import profile</b> in Settings ›
            Connections), check what it adds, and confirm.
          </p>
          <div className="profile-actions">
            <button type="button" className="button-primary" onClick={() => saveProfile(profile)}>
              Save {profile.fileName} again
            </button>
            <CopyButton value={profile.link} label="Copy skyhook:// link" />
          </div>
          {profile.link.length > 2000 && (
            <p className="hint">
              The link is long ({profile.link.length} characters); some chat apps cut long links, so the file is safer.
            </p>
          )}
          <div className="form-actions">
            <button type="button" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          className="profile-body"
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem) void create();
          }}
        >
          <p>
            Skyhook writes a <b>.skyhook profile</b> of this {kindLabel(connection.kind)} connection: its name, provider and sign-in method,
            the IDs, cloud and folder filter you entered. Nobody's sign-in or tokens are ever included.
          </p>
          <p>{story.need}</p>
          {hasSecrets && story.exposure && (
            <fieldset className="profile-seal">
              <legend>Secrets</legend>
              <label className="check">
                <input type="checkbox" checked={seal} onChange={(e) => setSeal(e.target.checked)} />
                Include the {connection.kind === 'box-jwt' ? 'client secret and private key' : 'client secret'}, sealed with a passphrase
              </label>
              {seal && (
                <>
                  <div className="profile-exposure" role="note">
                    <p className="message-title">Anyone who has this file and the passphrase can read {story.exposure.what}.</p>
                    <p>{story.exposure.meaning}</p>
                    <p>
                      Send the passphrase by another way than the file (a call, another chat). Without the passphrase the file reveals no
                      secret.
                    </p>
                  </div>
                  <Field
                    label="Passphrase"
                    required
                    type={reveal ? 'text' : 'password'}
                    value={passphrase}
                    autoComplete="new-password"
                    hint={`At least ${minPassphrase} characters. Your team types it once, when they import.`}
                    onChange={setPassphrase}
                    trailing={
                      <button
                        type="button"
                        onClick={() => {
                          const suggested = suggestPassphrase();
                          setPassphrase(suggested);
                          setConfirm(suggested);
                          setReveal(true);
                        }}
                      >
                        Suggest one
                      </button>
                    }
                  />
                  <Field
                    label="Repeat the passphrase"
                    required
                    type={reveal ? 'text' : 'password'}
                    value={confirm}
                    autoComplete="new-password"
                    onChange={setConfirm}
                  />
                  {problem && passphrase.length > 0 && <p className="field-hint">{problem}</p>}
                </>
              )}
              {!seal && story.essential && (
                <p className="hint">Left out: after importing, each designer will be asked for the secret before the connection works.</p>
              )}
            </fieldset>
          )}
          {error && <ErrorMessage error={error} />}
          <div className="form-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button-primary" disabled={busy || problem !== undefined}>
              {busy ? 'Creating…' : 'Create profile'}
            </button>
          </div>
        </form>
      )}
    </ModalFrame>
  );
}

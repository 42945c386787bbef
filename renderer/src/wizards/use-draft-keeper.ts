import { useCallback, useEffect, useRef } from 'react';
import type { ConnectionDraft } from '../../../preload/connection-drafts';
import type { SetupDraft, SetupDraftInput } from '../../../preload/contract';
import { call } from '../api/client';

/** A setup's state as main keeps it: settings as they are, typed secrets (main puts them in the vault). */
export function draftSnapshot(draft: ConnectionDraft, step: number, done: ReadonlySet<number>): SetupDraftInput {
  const config: SetupDraftInput['config'] = {};
  for (const [key, value] of Object.entries(draft.config as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
      config[key] = value;
  }
  const secrets: SetupDraftInput['secrets'] = {};
  for (const [key, value] of Object.entries(draft.secrets as Record<string, string | undefined>)) if (value) secrets[key] = value;
  return { kind: draft.kind, step, done: [...done], name: draft.name.slice(0, 200), config, secrets };
}

/**
 * Keeps a new connection's setup in main a moment after each change, so a setup that waits
 * days for an admin resumes where it stopped. `finish` stops it for good (the connection is
 * saved, or the draft discarded), so a late write cannot bring a finished draft back.
 */
export function useDraftKeeper(enabled: boolean, snapshot: SetupDraftInput, onKept: (draft: SetupDraft) => void) {
  const finished = useRef(false);
  const latest = useRef(snapshot);
  const kept = useRef(onKept);
  useEffect(() => {
    latest.current = snapshot;
    kept.current = onKept;
  });
  const keepNow = useCallback(async () => {
    if (finished.current) return;
    try {
      kept.current(await call('drafts.put', latest.current));
    } catch {
      // Best effort: the wizard still holds everything; the next change tries again.
    }
  }, []);
  const key = JSON.stringify(snapshot);
  useEffect(() => {
    if (!enabled) return;
    const timer = setTimeout(() => void keepNow(), 400);
    return () => clearTimeout(timer);
  }, [enabled, key, keepNow]);
  const finish = useCallback(() => {
    finished.current = true;
  }, []);
  return { keepNow, finish };
}

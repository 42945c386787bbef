import type { z } from 'zod';
import { connectionDraft, requiredSecrets, secretLabel, type ConnectionDraft } from '../../../preload/connection-drafts';
import type { AnyWizard, KeptSecrets } from './types';

/** One thing wrong with a draft, in the form's words: the field's label and what to do. */
export interface DraftIssue {
  label: string;
  message: string;
}

/** Says a message with its field's label, unless the message names the field already. */
function withLabel(label: string, message: string): string {
  return message.toLowerCase().includes(label.toLowerCase()) ? message : `${label}: ${message}`;
}

/** zod's own wording ("Invalid input: expected number, received NaN") is for developers. */
function plain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return issue.expected === 'number' ? 'enter a number.' : 'fill this in.';
  if (issue.code === 'invalid_value') return 'choose one of the options.';
  return issue.message;
}

/**
 * Everything wrong with a draft at once, checked with the same schema main checks it with,
 * plus the secrets it needs that are neither typed nor already kept. Paths are turned into
 * the labels of the form, so no message shows an internal key.
 */
export function draftIssues(wizard: AnyWizard, draft: ConnectionDraft, kept: KeptSecrets): DraftIssue[] {
  const labels = (wizard.fieldLabels as (d: ConnectionDraft) => Record<string, string>)(draft);
  const issues: DraftIssue[] = [];
  const parsed = connectionDraft.safeParse(draft);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    const label = labels[path] ?? labels[issue.path.map(String).slice(0, 2).join('.')];
    // A field the form does not show (cannot be wrong from the form): say the message alone.
    issues.push({ label: label ?? '', message: label ? withLabel(label, plain(issue)) : plain(issue) });
  }
  const given = (name: string) => {
    const value = (draft.secrets as Record<string, string | undefined>)[name];
    return (value !== undefined && value !== '') || kept[name]?.set === true;
  };
  const needed = new Set(requiredSecrets(draft.kind));
  // The Web platform signs in with the app's secret; the public client needs none.
  if (draft.kind === 'onedrive' && draft.config.mode === 'confidential') needed.add('clientSecret');
  for (const name of needed) {
    if (given(name)) continue;
    const label = labels[`secrets.${name}`] ?? secretLabel(draft.kind, name);
    issues.push({ label, message: `${label} is required.` });
  }
  return issues;
}

/** The issues by field label, for the form's fields to mark themselves (first message wins). */
export function issuesByLabel(issues: DraftIssue[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const issue of issues) if (issue.label && !map.has(issue.label)) map.set(issue.label, issue.message);
  return map;
}

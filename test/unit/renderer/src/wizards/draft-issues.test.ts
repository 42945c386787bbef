import { describe, expect, it } from 'vitest';
import { connectionKindNames, connectionKinds } from '../../../../../preload/connection-kinds';
import { draftIssues, issuesByLabel } from '../../../../../renderer/src/wizards/draft-issues';
import { wizards } from '../../../../../renderer/src/wizards/registry';
import type { AnyWizard } from '../../../../../renderer/src/wizards/types';

const wizardOf = (kind: keyof typeof wizards) => wizards[kind] as AnyWizard;

describe('draft issues', () => {
  it('lists every missing field of an empty draft at once, in the form’s words, never an internal key', () => {
    for (const kind of connectionKindNames) {
      const wizard = wizardOf(kind);
      const issues = draftIssues(wizard, wizard.emptyDraft(), {});
      expect(issues.length).toBeGreaterThan(1);
      for (const issue of issues) {
        // config.json is a file people know; config.clientId is an internal key.
        expect(issue.message).not.toMatch(/\b(config|secrets)\.(?!json\b)[a-zA-Z]+|\(name\)|Invalid input/);
        expect(issue.label).not.toBe('');
      }
    }
  });

  it('names the Client Credentials fields by their labels, the subject by the one shown', () => {
    const wizard = wizardOf('box-ccg');
    const empty = wizards['box-ccg'].emptyDraft();
    expect(draftIssues(wizard, empty, {}).map((i) => i.message)).toEqual([
      'Connection name: Give the connection a name.',
      'Client ID is required.',
      'Enterprise ID: Enterprise and user IDs are digits only.',
      'Client secret is required.',
    ]);
    const asUser = { ...empty, config: { ...empty.config, subjectType: 'user' as const } };
    expect(draftIssues(wizard, asUser, {}).map((i) => i.label)).toContain('User ID');
  });

  it('counts a saved or kept secret as given, and a typed one', () => {
    const wizard = wizardOf('box-ccg');
    const draft = {
      kind: 'box-ccg' as const,
      name: 'Box',
      config: { clientId: 'abc', subjectType: 'enterprise' as const, subjectId: '1' },
      secrets: {},
    };
    expect(draftIssues(wizard, draft, {}).map((i) => i.label)).toEqual(['Client secret']);
    expect(draftIssues(wizard, draft, { clientSecret: { set: true } })).toEqual([]);
    expect(draftIssues(wizard, { ...draft, secrets: { clientSecret: 'typed' } }, {})).toEqual([]);
  });

  it('asks for the OneDrive secret only on the Web platform, and says a port is a number', () => {
    const wizard = wizardOf('onedrive');
    const draft = {
      kind: 'onedrive' as const,
      name: 'OneDrive',
      config: {
        tenantId: 'contoso.onmicrosoft.com',
        clientId: '6731de76-14a6-49ae-97bc-6eba6914391e',
        cloud: 'global' as const,
        mode: 'public' as const,
      },
      secrets: {},
    };
    expect(draftIssues(wizard, draft, {})).toEqual([]);
    const web = { ...draft, config: { ...draft.config, mode: 'confidential' as const, redirectPort: Number.NaN } };
    expect(draftIssues(wizard, web, {}).map((i) => i.message)).toEqual(['Redirect port: enter a number.', 'Client secret is required.']);
  });

  it('gives each label its first message, for the fields to mark themselves', () => {
    const map = issuesByLabel([
      { label: 'Client ID', message: 'first' },
      { label: 'Client ID', message: 'second' },
      { label: '', message: 'not a field' },
    ]);
    expect([...map]).toEqual([['Client ID', 'first']]);
  });

  it('every kind’s descriptor steps that name fields exist in the wizard', () => {
    for (const kind of connectionKindNames) {
      const stepFields = Object.keys(wizardOf(kind).stepFields ?? {});
      for (const step of stepFields) expect(connectionKinds[kind].steps as readonly string[]).toContain(step);
    }
  });
});

import type { BoxClient } from 'box-node-sdk';
import type { TestDetail, TestReport } from '../../../preload/contract';
import { imageExtensions } from '../../../preload/image-types';
import type { BoxMode } from './diagnostics';
import { searchParams } from './search-query';

export interface TestSubject {
  mode: BoxMode;
  /** CCG may act as a user instead of the service account. */
  subjectType?: 'enterprise' | 'user';
  folderId?: string;
}

/**
 * Box search needs a query. Image names end in their extension, and Box's name search
 * splits names into tokens at the dot, so "jpg OR png OR …" with `content_types=name`
 * matches every image the account can see — unlike a guessed word such as "file".
 */
export const probeQuery = imageExtensions.join(' OR ');

/** Gets a token, asks who Box thinks we are, and counts the images that account can find. */
export async function testConnection(client: BoxClient, subject: TestSubject, signal: AbortSignal): Promise<TestReport> {
  const me = await client.users.getUserMe({ fields: ['name', 'login'] }, undefined, signal);
  const login = me.login ?? me.name ?? me.id;
  const probe = await client.search.searchForContent(
    searchParams(probeQuery, { folderId: subject.folderId, limit: 1, fields: ['name'] }),
    undefined,
    signal,
  );
  const visible = probe.type === 'search_results_items' ? (probe.totalCount ?? 0) : 0;
  return buildTestReport({ ...subject, login, visible });
}

export function buildTestReport(input: TestSubject & { login: string; visible: number }): TestReport {
  const { mode, login, visible, folderId } = input;
  const serviceAccount = mode !== 'oauth' && input.subjectType !== 'user';
  const label = mode === 'oauth' ? 'Signed in as' : serviceAccount ? 'Service account' : 'Box user';
  const details: TestDetail[] = [
    { label, value: login, copyable: true },
    { label: 'Images visible', value: String(visible) },
  ];
  if (folderId) details.push({ label: 'Folder ID', value: folderId });
  const where = folderId ? ` in folder ${folderId}` : '';
  const indexing =
    'Box indexes new uploads with a delay of about 10 minutes. If images were just uploaded or shared, search for them in Box first; once Box finds them, test again.';

  if (visible > 0) {
    return {
      summary: `Connected to Box as ${login}. ${visible} ${visible === 1 ? 'image is' : 'images are'} visible${where}.`,
      details,
      visibleImages: visible,
      nextSteps: [
        ...(mode === 'oauth'
          ? []
          : [`Share more folders with ${login} to make their images searchable (in Box: Share → invite ${login} → Send).`]),
        'Save the connection, then search by any part of a file name.',
        ...(serviceAccount
          ? ['"Open original" opens the file on box.com, which works only for people who can see the file in Box themselves.']
          : []),
      ],
    };
  }
  return {
    summary: `Connected to Box as ${login}, but no images are visible${where} yet.`,
    details,
    visibleImages: 0,
    nextSteps: [
      mode === 'oauth'
        ? `Your Box account has no images Skyhook can find${where}: upload some, or ask a colleague to share a folder with ${login}.`
        : `Nothing is shared with ${login} yet: in Box, open each folder with images, choose Share, invite ${login} and select Send.`,
      indexing,
    ],
  };
}

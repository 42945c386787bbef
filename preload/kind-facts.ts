/**
 * What the page shows of each connection kind before any wizard opens: its name and who
 * runs it. Apart from the kinds' schemas (connection-kinds.ts) so the page's first script
 * needs no zod; that file builds each kind from these. `label` is the name people see,
 * on the wizard chooser too (automation relies on it).
 */
export const kindFacts = {
  local: { label: 'Local folder', service: 'local' },
  'box-ccg': { label: 'Box — Client Credentials', service: 'box' },
  'box-jwt': { label: 'Box — JWT', service: 'box' },
  'box-oauth': { label: 'Box — OAuth 2.0', service: 'box' },
  onedrive: { label: 'OneDrive', service: 'microsoft' },
} as const satisfies Record<string, { label: string; service: 'box' | 'microsoft' | 'local' }>;

export const kindLabel = (kind: keyof typeof kindFacts): string => kindFacts[kind].label;

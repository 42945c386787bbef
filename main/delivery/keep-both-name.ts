/**
 * The name "Keep both" gives the new file: "sunset.jpg" → "sunset (2).jpg", and a name
 * that already ends in "(n)" counts on from there, as Finder and Box do.
 */
export function keepBothName(name: string, attempt: number): string {
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > 0;
  const stem = hasExtension ? name.slice(0, dot) : name;
  const extension = hasExtension ? name.slice(dot) : '';
  const counted = /^(.*) \((\d+)\)$/.exec(stem);
  const base = counted?.[1] ?? stem;
  const start = counted ? Number(counted[2]) + 1 : 2;
  return `${base} (${start + attempt - 1})${extension}`;
}

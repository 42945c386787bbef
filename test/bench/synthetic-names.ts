import type { IndexedItem } from '../../main/index/index-source';

/**
 * Names like a design team's drives hold: camera files, marketing exports, and names in
 * other scripts. Deterministic (a small LCG) so every run measures the same data.
 */
const words = [
  'logo',
  'hero',
  'banner',
  'final',
  'draft',
  'ocean',
  'summer',
  'campaign',
  'product',
  'team',
  'portrait',
  'brand',
  'social',
  'header',
  'icon',
  'mockup',
  'print',
  'web',
  'launch',
  'autumn',
];
const brands = ['ACME', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell'];
const unicode = [
  'Café_menü',
  'Größe_Übersicht',
  '東京_夜景',
  '写真_桜',
  'фото_лето',
  'صورة_البحر',
  'קמפיין_קיץ',
  'Ñandú_señal',
  '🌊_wave',
  'São_Paulo_vista',
];
const extensions = ['jpg', 'png', 'psd', 'tif', 'heic', 'webp', 'svg'];

export function syntheticItems(count: number, seed = 12): IndexedItem[] {
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const pick = <T>(list: readonly T[]): T => list[next(list.length)] as T;
  const items: IndexedItem[] = [];
  const base = Date.UTC(2018, 0, 1);
  for (let i = 0; i < count; i++) {
    const kind = next(10);
    const day = next(2500);
    const date = new Date(base + day * 86_400_000);
    const ymd = date.toISOString().slice(0, 10).replace(/-/g, '');
    let name: string;
    if (kind < 4)
      name = `${pick(['IMG', 'DSC', 'PXL', 'DJI'])}_${ymd}_${String(next(10_000)).padStart(4, '0')}.${pick(['jpg', 'heic', 'dng'])}`;
    else if (kind < 8) name = `${pick(brands)}_${pick(words)}_${pick(words)}_v${next(9) + 1}${next(3) ? '' : '_final'}.${pick(extensions)}`;
    else name = `${pick(unicode)}_${next(1000)}.${pick(extensions)}`;
    const folder = next(5000);
    items.push({
      id: String(100_000_000_000 + i),
      name,
      parentId: String(900_000 + folder),
      path: `All Files / ${pick(brands)} / ${2018 + (folder % 7)} / shoot-${folder}`,
      size: 10_000 + next(20_000_000),
      modifiedAt: new Date(base + day * 86_400_000 + next(86_400_000)).toISOString(),
      version: String(next(1_000_000)),
    });
  }
  return items;
}

/** Queries of 1–8 characters, as people type them: prefixes, fragments, digits, accents. */
export const benchQueries = [
  'a',
  'e',
  '0',
  '_',
  'lo',
  'ce',
  '04',
  'é',
  'her',
  'fin',
  '2024',
  'cean',
  'go_v',
  'logo',
  'summe',
  '0412',
  'café',
  '東京',
  'final',
  'banner',
  'go_v3',
  'product',
  'campaign',
  '20240412',
  'acme log',
  'v3 final',
];

// Generates the sample images Skyhook ships (assets/samples/**), so a fresh install can search
// and drag at once. Every picture is drawn here as SVG and rasterised with sharp: no third-party
// artwork, nothing to license. A seeded random generator keeps the output identical run to run.
// Run with `npm run samples` and commit the results.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const samplesDir = join(root, 'assets', 'samples');

const W = 1200;
const H = 800;
/** Each file stays under this so the installer stays small and thumbnails stay quick. */
export const maxBytes = 150 * 1024;

// ---------------------------------------------------------------------------------------------
// Drawing helpers

function random(seed) {
  // mulberry32: tiny, fast and deterministic, which is all sample art needs.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r1 = (n) => Math.round(n * 10) / 10;

/** Gradient stops: a colour, or [colour, offset] / [colour, offset, opacity]; bare colours spread evenly. */
function stops(colors) {
  return colors
    .map((c, i) => {
      const [color, offset = i / Math.max(1, colors.length - 1), opacity = 1] = Array.isArray(c) ? c : [c];
      return `<stop offset="${offset}" stop-color="${color}"${opacity === 1 ? '' : ` stop-opacity="${opacity}"`}/>`;
    })
    .join('');
}

const linear = (id, colors, [x1, y1, x2, y2] = [0, 0, 0, 1]) =>
  `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${stops(colors)}</linearGradient>`;

const radial = (id, colors, [cx, cy, r] = [0.5, 0.5, 0.5]) =>
  `<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="${r}">${stops(colors)}</radialGradient>`;

// The filter region is the whole canvas and more: the default (the shape's box, which ignores
// stroke width) clips wide blurred strokes into visible horizontal seams.
const blur = (id, amount) =>
  `<filter id="${id}" filterUnits="userSpaceOnUse" x="${-W}" y="${-H}" width="${3 * W}" height="${3 * H}"><feGaussianBlur stdDeviation="${amount}"/></filter>`;

const svg = (defs, body, w = W, h = H) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><defs>${defs}</defs>${body}</svg>`;

/** A smooth closed or open curve through points (Catmull-Rom turned into cubic Béziers). */
function smoothPath(points, close = false) {
  const p = close ? [points.at(-1), ...points, points[0], points[1]] : [points[0], ...points, points.at(-1)];
  let d = `M${r1(p[1][0])} ${r1(p[1][1])}`;
  for (let i = 1; i < p.length - 2; i++) {
    const [x0, y0] = p[i - 1];
    const [x1, y1] = p[i];
    const [x2, y2] = p[i + 1];
    const [x3, y3] = p[i + 2];
    d += ` C${r1(x1 + (x2 - x0) / 6)} ${r1(y1 + (y2 - y0) / 6)} ${r1(x2 - (x3 - x1) / 6)} ${r1(y2 - (y3 - y1) / 6)} ${r1(x2)} ${r1(y2)}`;
  }
  return close ? d + 'Z' : d;
}

/** A ridge line across the picture, filled down to the bottom edge. */
function ridge(rand, { base, amplitude, steps = 12, jitter = 0.5 }) {
  const pts = [];
  for (let i = 0; i <= steps; i++) {
    const x = (W * i) / steps;
    pts.push([x, base - amplitude * (0.5 + jitter * (rand() - 0.5)) * (1 + Math.sin(i * 1.3 + rand()))]);
  }
  return `${smoothPath(pts)} L${W} ${H} L0 ${H}Z`;
}

/** A soft organic blob around (cx, cy). */
function blob(rand, cx, cy, radius, lobes = 7) {
  const pts = [];
  for (let i = 0; i < lobes; i++) {
    const a = (Math.PI * 2 * i) / lobes;
    const r = radius * (0.75 + rand() * 0.45);
    pts.push([cx + Math.cos(a) * r, cy + Math.sin(a) * r]);
  }
  return smoothPath(pts, true);
}

function stars(rand, count, maxY = H, color = '#FFFFFF') {
  let out = '';
  for (let i = 0; i < count; i++) {
    out += `<circle cx="${r1(rand() * W)}" cy="${r1(rand() * maxY)}" r="${r1(0.5 + rand() * 1.6)}" fill="${color}" opacity="${r1(0.3 + rand() * 0.7)}"/>`;
  }
  return out;
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

// ---------------------------------------------------------------------------------------------
// The artwork, one function per picture

export const art = {
  'aurora-gradient': () => {
    // Overlapping radial glows on a dark diagonal: smooth ramps, which PNG stores compactly (blurs do not).
    const glows = [
      ['#3BE38A', 260, 300, 520, 200, -12],
      ['#38B6FF', 640, 380, 560, 190, -8],
      ['#8E6CFF', 900, 300, 480, 220, 10],
      ['#5EF2C2', 520, 560, 620, 150, -4],
    ];
    let defs = linear('bg', ['#071B2F', '#0D3B4F', '#1B1446'], [0, 0, 1, 1]);
    let body = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
    glows.forEach(([color, cx, cy, rx, ry, angle], i) => {
      defs += radial(`g${i}`, [
        [color, 0, 0.75],
        [color, 0.55, 0.3],
        [color, 1, 0],
      ]);
      body += `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="url(#g${i})" transform="rotate(${angle} ${cx} ${cy})"/>`;
    });
    return svg(defs, body);
  },

  'aurora-waves': () => {
    const rand = random(2);
    // Curtains: a wavy lower edge that glows and fades upwards, as auroras do.
    const palette = ['#7CFFB2', '#42E6F5', '#B48CFF'];
    let curtains = '';
    let defs = linear('night', ['#020814', '#0A1F33', '#123A4A']) + linear('ground', ['#06121C', '#0B1A24']) + blur('soft', 14);
    for (let i = 0; i < 3; i++) {
      defs += linear(
        `curtain${i}`,
        [
          [palette[i], 0, 0.9],
          [palette[i], 1, 0],
        ],
        [0, 1, 0, 0],
      );
      const lower = Array.from({ length: 9 }, (_, k) => [(W * k) / 8, 330 + i * 60 + Math.sin(k * 0.9 + i * 2.1) * 90 + rand() * 20]);
      const upper = lower.map(([x, y]) => [x, y - 200 - rand() * 60]).reverse();
      const d = `${smoothPath(lower)} L${r1(upper[0][0])} ${r1(upper[0][1])} ${smoothPath(upper).slice(1)}Z`;
      curtains += `<path d="${d}" fill="url(#curtain${i})" filter="url(#soft)" opacity="0.8"/>`;
    }
    return svg(
      defs,
      `<rect width="${W}" height="${H}" fill="url(#night)"/>${stars(rand, 220, 560)}${curtains}` +
        `<path d="${ridge(rand, { base: 690, amplitude: 60, steps: 10 })}" fill="url(#ground)"/>`,
    );
  },

  'coral-reef-pattern': () => {
    const rand = random(3);
    const palette = ['#FF7F6B', '#FFB38A', '#FFD6A5', '#F25C78', '#FF9AA2'];
    let cells = '';
    const size = 100;
    for (let y = 0; y < H + size; y += size * 0.75) {
      const row = Math.round(y / (size * 0.75));
      for (let x = row % 2 ? -size / 2 : 0; x < W + size; x += size) {
        const c = pick(rand, palette);
        cells += `<path d="M${x - 46} ${y} A46 46 0 0 1 ${x + 46} ${y}Z" fill="${c}"/>`;
        cells += `<path d="M${x - 30} ${y} A30 30 0 0 1 ${x + 30} ${y}Z" fill="#0F6E78" opacity="0.35"/>`;
        cells += `<circle cx="${x}" cy="${y - 12}" r="6" fill="#FFF4E6"/>`;
      }
    }
    return svg(linear('sea', ['#0E7C86', '#0A5563']), `<rect width="${W}" height="${H}" fill="url(#sea)"/>${cells}`);
  },

  'harbor-sunset': () => {
    const rand = random(4);
    let boats = '';
    for (let i = 0; i < 6; i++) {
      const x = 80 + i * 190 + rand() * 60;
      const y = 560 + rand() * 40;
      const s = 0.7 + rand() * 0.5;
      boats += `<g transform="translate(${r1(x)} ${r1(y)}) scale(${r1(s)})" fill="#2B1B2F"><path d="M-60 0 L60 0 L40 24 L-40 24Z"/><path d="M0 -4 L0 -130 L52 -8Z"/><path d="M-6 -4 L-6 -100 L-44 -8Z" opacity="0.85"/></g>`;
    }
    let glints = '';
    for (let i = 0; i < 40; i++) {
      const y = 600 + i * 5;
      const w = 30 + rand() * 140;
      glints += `<rect x="${r1(780 - w / 2 + (rand() - 0.5) * 60)}" y="${y}" width="${r1(w)}" height="2" fill="#FFD08A" opacity="${r1(0.3 + rand() * 0.5)}"/>`;
    }
    return svg(
      linear('sky', ['#2E2A5C', '#8C4D7D', '#F0856A', '#FFC27A']) + linear('sea', ['#6E3F62', '#2A2245']),
      `<rect width="${W}" height="${H}" fill="url(#sky)"/><circle cx="780" cy="520" r="90" fill="#FFE3A3"/>` +
        `<rect y="580" width="${W}" height="${H - 580}" fill="url(#sea)"/>${glints}` +
        `<path d="M0 600 L260 600 L260 586 L420 586 L420 600 L0 600Z" fill="#1E1424"/>${boats}`,
    );
  },

  'lava-flow': () => {
    const rand = random(5);
    let flows = '';
    for (let i = 0; i < 6; i++) {
      const pts = Array.from({ length: 6 }, (_, k) => [(W * k) / 5, 100 + i * 130 + (rand() - 0.5) * 160]);
      flows += `<path d="${smoothPath(pts)}" stroke="${pick(rand, ['#FF5A1F', '#FF8C2B', '#FFC043'])}" stroke-width="${r1(20 + rand() * 50)}" fill="none" filter="url(#glow)" opacity="0.9"/>`;
    }
    return svg(
      radial('heat', ['#3A0D0A', '#160606'], [0.5, 0.6, 0.8]) + blur('glow', 14),
      `<rect width="${W}" height="${H}" fill="url(#heat)"/>${flows}`,
    );
  },

  'midnight-city': () => {
    const rand = random(6);
    let city = '';
    let x = 0;
    while (x < W) {
      const w = 60 + rand() * 90;
      const h = 180 + rand() * 380;
      const top = H - h;
      city += `<rect x="${r1(x)}" y="${r1(top)}" width="${r1(w)}" height="${r1(h)}" fill="${pick(rand, ['#0E1630', '#121C3B', '#0A1126'])}"/>`;
      for (let wy = top + 16; wy < H - 20; wy += 22) {
        for (let wx = x + 10; wx < x + w - 14; wx += 16) {
          if (rand() < 0.32)
            city += `<rect x="${r1(wx)}" y="${r1(wy)}" width="7" height="10" fill="${pick(rand, ['#FFD27A', '#FFE9B0', '#9FD3FF'])}" opacity="0.9"/>`;
        }
      }
      x += w + 4;
    }
    return svg(
      linear('sky', ['#050814', '#121E46', '#2B2F6B']),
      `<rect width="${W}" height="${H}" fill="url(#sky)"/>${stars(rand, 120, 380)}<circle cx="980" cy="140" r="46" fill="#F4F1DE"/>${city}`,
    );
  },

  'ocean-horizon': () => {
    const rand = random(7);
    let swell = '';
    for (let i = 0; i < 26; i++) {
      const y = 430 + i * i * 0.55 + i * 4;
      swell += `<path d="M0 ${r1(y)} Q ${r1(300 + rand() * 100)} ${r1(y - 4 - rand() * 6)} 600 ${r1(y)} T 1200 ${r1(y)}" stroke="#FFFFFF" stroke-width="${r1(1 + i * 0.12)}" opacity="${r1(0.08 + rand() * 0.12)}" fill="none"/>`;
    }
    return svg(
      linear('sky', ['#8EC9F0', '#CBE7F7', '#F6EEDC']) +
        linear('sea', ['#3C8DBC', '#175E8A', '#0C3D61']) +
        radial('sun', ['#FFFFFF', ['#FFF6D8', 0.4], ['#FFF6D8', 1]]),
      `<rect width="${W}" height="430" fill="url(#sky)"/><circle cx="600" cy="380" r="60" fill="#FFF7E0" opacity="0.95"/>` +
        `<rect y="430" width="${W}" height="${H - 430}" fill="url(#sea)"/>${swell}`,
    );
  },

  'pastel-blobs': () => {
    const rand = random(8);
    let blobs = '';
    const palette = ['#FFD6E0', '#C7F0DB', '#D8E2FF', '#FFF1B8', '#E5D4FF', '#BDEBF2'];
    for (let i = 0; i < 9; i++) {
      blobs += `<path d="${blob(rand, rand() * W, rand() * H, 140 + rand() * 160)}" fill="${palette[i % palette.length]}" opacity="0.85"/>`;
    }
    return svg('', `<rect width="${W}" height="${H}" fill="#FFF9F3"/>${blobs}`);
  },

  'prism-light': () => {
    const spectrum = ['#FF3B3B', '#FF9F1C', '#FFE74C', '#4BD87A', '#3AA7FF', '#6B5BFF', '#B04BFF'];
    let fan = '';
    spectrum.forEach((c, i) => {
      const y0 = 380 + i * 4;
      fan += `<path d="M640 ${y0} L1200 ${250 + i * 55} L1200 ${305 + i * 55} L640 ${y0 + 4}Z" fill="${c}" opacity="0.9"/>`;
    });
    return svg(
      radial('bg', ['#1B1D2E', '#07070D'], [0.4, 0.5, 0.8]) + blur('glow', 6) + linear('glass', ['#E9F4FF', '#9FB7D6'], [0, 0, 1, 1]),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/>` +
        `<path d="M0 470 L560 392 L560 400 L0 486Z" fill="#FFFFFF" opacity="0.85" filter="url(#glow)"/>` +
        `<g filter="url(#glow)" opacity="0.7">${fan}</g>${fan}` +
        `<path d="M600 220 L760 520 L440 520Z" fill="url(#glass)" opacity="0.35" stroke="#DCEBFF" stroke-width="4"/>`,
    );
  },

  'sunrise-gradient': () =>
    svg(
      linear('sky', ['#FFB199', '#FFD3A5', '#FFF1C1', '#CDE7F0']) +
        radial('sun', ['#FFFFFF', ['#FFE8A3', 0.35], ['#FFE8A3', 0], ['#FFE8A3', 1]]) +
        blur('haze', 40),
      `<rect width="${W}" height="${H}" fill="url(#sky)"/><circle cx="600" cy="640" r="220" fill="#FFE0A0" opacity="0.6" filter="url(#haze)"/>` +
        `<circle cx="600" cy="640" r="120" fill="#FFF3D1"/>`,
    ),

  'violet-nebula': () => {
    const rand = random(11);
    let clouds = '';
    for (let i = 0; i < 10; i++) {
      clouds += `<path d="${blob(rand, 200 + rand() * 800, 150 + rand() * 500, 120 + rand() * 180)}" fill="${pick(rand, ['#7B2FF7', '#C040E0', '#3B2A9F', '#F06EC0'])}" opacity="0.45" filter="url(#neb)"/>`;
    }
    return svg(
      radial('space', ['#1E0B3A', '#07030F'], [0.5, 0.5, 0.75]) + blur('neb', 55),
      `<rect width="${W}" height="${H}" fill="url(#space)"/>${clouds}${stars(rand, 260)}`,
    );
  },

  'café-poster': () => {
    const rand = random(12);
    let beans = '';
    for (let i = 0; i < 14; i++) {
      const x = rand() * W;
      const y = rand() * H;
      beans += `<g transform="translate(${r1(x)} ${r1(y)}) rotate(${Math.round(rand() * 180)})"><ellipse rx="22" ry="14" fill="#7A4A2E" opacity="0.5"/><path d="M-18 0 Q0 -6 18 0" stroke="#F3E3C7" stroke-width="3" fill="none" opacity="0.6"/></g>`;
    }
    const steam = [520, 600, 680]
      .map(
        (x) =>
          `<path d="M${x} 300 C ${x - 30} 260, ${x + 30} 220, ${x} 180 S ${x - 20} 120, ${x + 10} 90" stroke="#B08968" stroke-width="12" stroke-linecap="round" fill="none" opacity="0.6"/>`,
      )
      .join('');
    return svg(
      linear('cup', ['#E76F51', '#C4553B']),
      `<rect width="${W}" height="${H}" fill="#F6E7CB"/>${beans}` +
        `<rect x="40" y="40" width="${W - 80}" height="${H - 80}" rx="24" fill="none" stroke="#2A9D8F" stroke-width="10"/>` +
        `<rect x="62" y="62" width="${W - 124}" height="${H - 124}" rx="14" fill="none" stroke="#E9C46A" stroke-width="4"/>` +
        `${steam}<ellipse cx="600" cy="640" rx="300" ry="44" fill="#264653"/>` +
        `<path d="M420 330 L780 330 L750 580 Q745 620 700 620 L500 620 Q455 620 450 580Z" fill="url(#cup)"/>` +
        `<path d="M772 390 C880 390 880 540 760 540" stroke="#C4553B" stroke-width="28" fill="none"/>` +
        `<ellipse cx="600" cy="330" rx="180" ry="26" fill="#6B3E26"/>`,
    );
  },

  'desert-dunes': () => {
    const rand = random(13);
    const sands = ['#F2C48D', '#E8A866', '#D98C4A', '#BF6F3A'];
    const dunes = sands
      .map((c, i) => `<path d="${ridge(rand, { base: 420 + i * 110, amplitude: 70 - i * 8, steps: 6 })}" fill="${c}"/>`)
      .join('');
    return svg(
      linear('sky', ['#7FC8F8', '#CBEAF7', '#FCE9C8']),
      `<rect width="${W}" height="${H}" fill="url(#sky)"/><circle cx="900" cy="170" r="70" fill="#FFF6DA"/>${dunes}`,
    );
  },

  'forest-canopy': () => {
    const rand = random(14);
    const layers = ['#9CC5A1', '#6FA67A', '#467F57', '#2A5A3D', '#17392A'];
    let trees = '';
    layers.forEach((c, i) => {
      const base = 380 + i * 95;
      let x = -40;
      while (x < W + 40) {
        const h = 120 + rand() * 140 - i * 6;
        const w = 50 + rand() * 40;
        trees += `<path d="M${r1(x)} ${base + 40} L${r1(x + w / 2)} ${r1(base - h)} L${r1(x + w)} ${base + 40}Z" fill="${c}"/>`;
        x += w * 0.6;
      }
      trees += `<rect y="${base + 30}" width="${W}" height="${H}" fill="${c}"/>`;
      if (i < 3) trees += `<rect y="${base - 40}" width="${W}" height="120" fill="#EAF4EC" opacity="0.18" filter="url(#mist)"/>`;
    });
    return svg(linear('sky', ['#DCEFE3', '#F4F8EE']) + blur('mist', 30), `<rect width="${W}" height="${H}" fill="url(#sky)"/>${trees}`);
  },

  'glacier-blue': () => {
    const rand = random(15);
    // A faceted ice field: a jittered grid split into triangles, shaded by height.
    const cols = 12;
    const rows = 8;
    const pts = [];
    for (let y = 0; y <= rows; y++) {
      pts.push([]);
      for (let x = 0; x <= cols; x++) {
        const jx = x === 0 || x === cols ? 0 : (rand() - 0.5) * 70;
        const jy = y === 0 || y === rows ? 0 : (rand() - 0.5) * 70;
        pts[y].push([(W * x) / cols + jx, (H * y) / rows + jy]);
      }
    }
    const shades = ['#E8F6FF', '#CDEBFA', '#A9DAF2', '#7FC2E6', '#5AA6D6', '#3D86BE'];
    let facets = '';
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const [a, b, c, d] = [pts[y][x], pts[y][x + 1], pts[y + 1][x + 1], pts[y + 1][x]];
        const shade = (k) => shades[Math.min(shades.length - 1, Math.max(0, Math.floor(y * 0.7 + rand() * 2 + k)))];
        facets += `<path d="M${r1(a[0])} ${r1(a[1])} L${r1(b[0])} ${r1(b[1])} L${r1(c[0])} ${r1(c[1])}Z" fill="${shade(0)}" stroke="${shade(0)}"/>`;
        facets += `<path d="M${r1(a[0])} ${r1(a[1])} L${r1(c[0])} ${r1(c[1])} L${r1(d[0])} ${r1(d[1])}Z" fill="${shade(1)}" stroke="${shade(1)}"/>`;
      }
    }
    return svg('', facets);
  },

  'meadow-flowers': () => {
    const rand = random(16);
    let flowers = '';
    for (let i = 0; i < 90; i++) {
      const y = 430 + Math.pow(rand(), 0.7) * 360;
      const x = rand() * W;
      const s = 0.4 + ((y - 430) / 360) * 0.9;
      const petal = pick(rand, ['#FF6B8B', '#FFD166', '#FFFFFF', '#B48CFF', '#FF9F68']);
      flowers += `<g transform="translate(${r1(x)} ${r1(y)}) scale(${r1(s)})"><path d="M0 0 L0 40" stroke="#3E7D3A" stroke-width="4"/>`;
      for (let p = 0; p < 5; p++) flowers += `<ellipse cx="0" cy="-12" rx="8" ry="13" fill="${petal}" transform="rotate(${p * 72})"/>`;
      flowers += `<circle r="6" fill="#F9C74F"/></g>`;
    }
    return svg(
      linear('sky', ['#9AD0F5', '#E6F5FF']) + linear('grass', ['#8CCB5E', '#4E9A3F']),
      `<rect width="${W}" height="${H}" fill="url(#sky)"/>` +
        `<path d="${ridge(rand, { base: 420, amplitude: 30, steps: 5 })}" fill="url(#grass)"/>${flowers}`,
    );
  },

  'mountain-ridge': () => {
    const rand = random(17);
    const tones = ['#C9D6E8', '#9DB2CF', '#7189B0', '#4A628F', '#2D3F66'];
    const ridges = tones
      .map((c, i) => `<path d="${ridge(rand, { base: 330 + i * 95, amplitude: 150 - i * 18, steps: 9, jitter: 1.2 })}" fill="${c}"/>`)
      .join('');
    return svg(
      linear('sky', ['#F7D9C4', '#F2E8DE', '#DDE7F2']),
      `<rect width="${W}" height="${H}" fill="url(#sky)"/><circle cx="300" cy="200" r="54" fill="#FFF1E0"/>${ridges}`,
    );
  },

  'rainforest-mist': () => {
    const rand = random(18);
    let leaves = '';
    for (let i = 0; i < 40; i++) {
      const x = rand() * W;
      const y = rand() * H;
      const s = 0.6 + rand() * 1.4;
      leaves += `<path transform="translate(${r1(x)} ${r1(y)}) rotate(${Math.round(rand() * 360)}) scale(${r1(s)})" d="M0 0 C40 -30 100 -30 140 0 C100 30 40 30 0 0Z" fill="${pick(rand, ['#1F4D36', '#2E6B47', '#173A2A', '#3F8058'])}"/>`;
    }
    return svg(
      linear('depth', ['#4F7F68', '#20392E']) +
        linear('mist', [
          ['#E8F3EE', 0],
          ['#E8F3EE', 1],
        ]) +
        blur('fog', 40),
      `<rect width="${W}" height="${H}" fill="url(#depth)"/>${leaves}` +
        `<rect x="-100" y="260" width="${W + 200}" height="260" fill="#E6F1EC" opacity="0.45" filter="url(#fog)"/>` +
        `<rect x="-100" y="560" width="${W + 200}" height="200" fill="#E6F1EC" opacity="0.3" filter="url(#fog)"/>`,
    );
  },

  'sand-ripples': () => {
    let lines = '';
    for (let i = 0; i < 34; i++) {
      const y = i * 26 - 10;
      lines += `<path d="M0 ${y} C 300 ${y - 22}, 500 ${y + 28}, 800 ${y + 4} S 1100 ${y - 16}, 1200 ${y + 8}" stroke="${i % 2 ? '#C99A62' : '#F3D9AE'}" stroke-width="9" fill="none"/>`;
    }
    return svg('', `<rect width="${W}" height="${H}" fill="#E3BC85"/>${lines}`);
  },

  'tropical-leaves': () => {
    const rand = random(20);
    let leaves = '';
    for (let i = 0; i < 11; i++) {
      const x = rand() * W;
      const y = rand() * H;
      const s = 1 + rand() * 1.2;
      const c = pick(rand, ['#1E7F5C', '#2BA36F', '#145C43', '#56C28A']);
      let veins = '';
      for (let k = 1; k < 6; k++)
        veins += `<path d="M${k * 28} 0 L${k * 28 + 20} -34 M${k * 28} 0 L${k * 28 + 20} 34" stroke="#0E4030" stroke-width="3" opacity="0.5"/>`;
      leaves += `<g transform="translate(${r1(x)} ${r1(y)}) rotate(${Math.round(rand() * 360)}) scale(${r1(s)})"><path d="M0 0 C50 -70 150 -70 190 0 C150 70 50 70 0 0Z" fill="${c}"/><path d="M0 0 L190 0" stroke="#0E4030" stroke-width="4" opacity="0.6"/>${veins}</g>`;
    }
    return svg('', `<rect width="${W}" height="${H}" fill="#FFC9B5"/>${leaves}`);
  },

  'geometric-tiles': () => {
    const rand = random(21);
    const palette = ['#264653', '#2A9D8F', '#E9C46A', '#F4A261', '#E76F51', '#F1FAEE'];
    let tiles = '';
    const s = 100;
    for (let y = 0; y < H; y += s) {
      for (let x = 0; x < W; x += s) {
        const bg = pick(rand, palette);
        let fg = pick(rand, palette);
        if (fg === bg) fg = palette[(palette.indexOf(bg) + 2) % palette.length];
        tiles += `<rect x="${x}" y="${y}" width="${s}" height="${s}" fill="${bg}"/>`;
        const kind = Math.floor(rand() * 4);
        if (kind === 0) tiles += `<path d="M${x} ${y} L${x + s} ${y} L${x} ${y + s}Z" fill="${fg}"/>`;
        else if (kind === 1) tiles += `<path d="M${x} ${y + s} A${s} ${s} 0 0 1 ${x + s} ${y} L${x + s} ${y + s}Z" fill="${fg}"/>`;
        else if (kind === 2) tiles += `<circle cx="${x + s / 2}" cy="${y + s / 2}" r="${s / 3}" fill="${fg}"/>`;
        else
          tiles += `<rect x="${x + s / 4}" y="${y + s / 4}" width="${s / 2}" height="${s / 2}" fill="${fg}" transform="rotate(45 ${x + s / 2} ${y + s / 2})"/>`;
      }
    }
    return svg('', tiles);
  },

  'paper-texture': () => {
    const rand = random(22);
    let fibres = '';
    for (let i = 0; i < 260; i++) {
      const x = rand() * W;
      const y = rand() * H;
      const a = rand() * Math.PI;
      const l = 10 + rand() * 40;
      fibres += `<path d="M${r1(x)} ${r1(y)} q ${r1(Math.cos(a) * l * 0.5 + 4)} ${r1(Math.sin(a) * l * 0.5 - 4)} ${r1(Math.cos(a) * l)} ${r1(Math.sin(a) * l)}" stroke="#B9A98C" stroke-width="1" fill="none" opacity="${r1(0.2 + rand() * 0.3)}"/>`;
    }
    return svg(
      radial('vignette', ['#FBF6EC', '#EFE4CF'], [0.5, 0.5, 0.75]),
      `<rect width="${W}" height="${H}" fill="url(#vignette)"/>${fibres}`,
    );
  },

  'terrazzo-pattern': () => {
    const rand = random(23);
    let chips = '';
    for (let i = 0; i < 320; i++) {
      const cx = rand() * W;
      const cy = rand() * H;
      const r = 6 + rand() * (i < 40 ? 34 : 14);
      const n = 4 + Math.floor(rand() * 3);
      let d = '';
      for (let k = 0; k < n; k++) {
        const a = (Math.PI * 2 * k) / n + rand() * 0.6;
        const rr = r * (0.6 + rand() * 0.5);
        d += `${k ? 'L' : 'M'}${r1(cx + Math.cos(a) * rr)} ${r1(cy + Math.sin(a) * rr)}`;
      }
      chips += `<path d="${d}Z" fill="${pick(rand, ['#E07A5F', '#3D405B', '#81B29A', '#F2CC8F', '#C9ADA7', '#264653'])}"/>`;
    }
    return svg('', `<rect width="${W}" height="${H}" fill="#F4EFE6"/>${chips}`);
  },

  'neon-grid': () => {
    let grid = '';
    const horizon = 470;
    for (let i = -16; i <= 16; i++) {
      grid += `<path d="M${600 + i * 40} ${horizon} L${600 + i * 220} ${H}" stroke="#FF4FD8" stroke-width="3"/>`;
    }
    for (let k = 1; k < 14; k++) {
      const y = horizon + Math.pow(k / 13, 2.2) * (H - horizon);
      grid += `<path d="M0 ${r1(y)} L${W} ${r1(y)}" stroke="#38E8FF" stroke-width="${r1(1 + k * 0.25)}"/>`;
    }
    let sunStripes = '';
    for (let k = 0; k < 6; k++) sunStripes += `<rect x="420" y="${330 + k * 24}" width="360" height="${4 + k * 2}" fill="#1A0633"/>`;
    return svg(
      linear('sky', ['#0B0221', '#2A0845', '#5B0F6B']) +
        linear('sun', ['#FFE66D', '#FF6EC7']) +
        blur('glow', 5) +
        linear('floor', ['#1A0633', '#0B0221']),
      `<rect width="${W}" height="${H}" fill="url(#sky)"/><circle cx="600" cy="360" r="170" fill="url(#sun)"/>${sunStripes}` +
        `<rect y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#floor)"/>` +
        `<g filter="url(#glow)">${grid}</g><g opacity="0.8">${grid}</g>`,
    );
  },
};

// ---------------------------------------------------------------------------------------------
// Where each picture goes and in which format. Subfolders exercise recursive search.

export const samples = [
  'aurora-gradient.png',
  'aurora-waves.jpg',
  'coral-reef-pattern.png',
  'harbor-sunset.jpg',
  'lava-flow.webp',
  'midnight-city.jpg',
  'ocean-horizon.jpg',
  'pastel-blobs.svg',
  'prism-light.webp',
  'sunrise-gradient.png',
  'violet-nebula.jpg',
  // Written as an explicit escape so the name is NFC whatever editor touches this file.
  'caf\u00e9-poster.png',
  'nature/desert-dunes.jpg',
  'nature/forest-canopy.webp',
  'nature/glacier-blue.jpg',
  'nature/meadow-flowers.png',
  'nature/mountain-ridge.jpg',
  'nature/rainforest-mist.jpg',
  'nature/sand-ripples.gif',
  'nature/tropical-leaves.webp',
  'patterns/more/geometric-tiles.png',
  'patterns/more/paper-texture.png',
  'patterns/more/terrazzo-pattern.png',
  'patterns/more/neon-grid.png',
];

/** Encoder settings per format, from best quality down; the first that fits `maxBytes` wins. */
const encoders = {
  png: [
    (img) => img.png({ compressionLevel: 9, adaptiveFiltering: true }),
    // Smooth gradients are noisy at full colour (the rasteriser dithers) and dithered noise is what
    // deflate cannot shrink: fall back to 256 colours with less and less dithering.
    ...[0.5, 0.3, 0].map((dither) => (img) => img.png({ compressionLevel: 9, palette: true, colours: 256, dither, effort: 10 })),
  ],
  jpg: [80, 70, 60].map((quality) => (img) => img.jpeg({ quality, mozjpeg: true })),
  webp: [80, 70, 60].map((quality) => (img) => img.webp({ quality, effort: 6 })),
  gif: [(img) => img.gif({ colours: 64, effort: 10 }), (img) => img.gif({ colours: 32, effort: 10 })],
};

async function encode(svgText, ext) {
  if (ext === 'svg') return Buffer.from(svgText);
  let last;
  for (const encoder of encoders[ext]) {
    last = await encoder(sharp(Buffer.from(svgText))).toBuffer();
    if (last.length <= maxBytes) return last;
  }
  return last;
}

export async function makeSamples() {
  // Start clean so a renamed sample does not leave its old file behind; keep the README.
  for (const entry of ['nature', 'patterns']) await rm(join(samplesDir, entry), { recursive: true, force: true });
  const written = [];
  for (const rel of samples) {
    const file = rel.split('/').at(-1);
    const name = file.slice(0, file.lastIndexOf('.'));
    const ext = file.slice(file.lastIndexOf('.') + 1);
    const draw = art[name];
    if (!draw) throw new Error(`no artwork for ${rel}`);
    const bytes = await encode(draw(), ext);
    if (bytes.length > maxBytes) throw new Error(`${rel} is ${bytes.length} bytes, over the ${maxBytes} budget`);
    const target = join(samplesDir, ...rel.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
    written.push({ rel, bytes: bytes.length });
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = await makeSamples();
  for (const { rel, bytes } of written) process.stdout.write(`${String(Math.round(bytes / 1024)).padStart(4)} KB  ${rel}\n`);
  process.stdout.write(`${written.length} samples → assets/samples/\n`);
}

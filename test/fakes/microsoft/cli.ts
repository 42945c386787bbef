/**
 * Serves the fake Microsoft identity platform + Graph with demo data until SIGTERM/SIGINT,
 * for screenshots and e2e runs:
 *
 *   node --import tsx test/fakes/microsoft/cli.ts [--max-page-size N] [--token-lifetime S]
 *
 * Prints one KEY=value line each (SKYHOOK_MS_AUTHORITY_HOST and SKYHOOK_GRAPH_URL are
 * ready to export), then FAKE_MS_READY=1.
 */
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { colourFor } from './png';
import { demo, demoImageNames, seedDemo, type DemoSeed } from './demo-data';
import { startFakeMicrosoft } from './index';

const { values } = parseArgs({
  options: {
    'max-page-size': { type: 'string' },
    'token-lifetime': { type: 'string' },
  },
});

/** Gradient tiles with the file name on them, so screenshots tell results apart. */
async function renderDemoImages(): Promise<Map<string, Buffer>> {
  const images = new Map<string, Buffer>();
  for (const name of demoImageNames) {
    const [r, g, b] = colourFor(name);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="rgb(${r},${g},${b})"/><stop offset="1" stop-color="rgb(${255 - r},${255 - g},${b})"/></linearGradient></defs>
<rect width="640" height="420" fill="url(#g)"/>
<text x="32" y="388" font-family="sans-serif" font-size="30" fill="#fff">${name}</text></svg>`;
    const image = sharp(Buffer.from(svg));
    const extension = name.split('.').pop();
    const encoded =
      extension === 'svg'
        ? Buffer.from(svg)
        : extension === 'webp'
          ? await image.webp().toBuffer()
          : extension === 'png'
            ? await image.png().toBuffer()
            : await image.jpeg({ quality: 85 }).toBuffer();
    images.set(name, encoded);
  }
  return images;
}

const images = await renderDemoImages();
let seeded: DemoSeed | undefined;
const fake = await startFakeMicrosoft({
  ...(values['max-page-size'] ? { maxPageSize: Number(values['max-page-size']) } : {}),
  ...(values['token-lifetime'] ? { accessTokenLifetime: Number(values['token-lifetime']) } : {}),
  seed: (state) => {
    seeded = seedDemo(state, images);
  },
});

const lines: Record<string, string> = {
  SKYHOOK_MS_AUTHORITY_HOST: fake.authorityHost,
  SKYHOOK_GRAPH_URL: fake.graphUrl,
  FAKE_MS_DOWNLOAD_URL: fake.downloadUrl,
  FAKE_MS_TENANT_ID: demo.tenantId,
  FAKE_MS_PUBLIC_CLIENT_ID: demo.publicClientId,
  FAKE_MS_WEB_CLIENT_ID: demo.webClientId,
  FAKE_MS_WEB_CLIENT_SECRET: demo.webClientSecret,
  FAKE_MS_WEB_REDIRECT_URI: demo.webRedirectUri,
  FAKE_MS_USER: demo.users.ada,
  FAKE_MS_PASSWORD: demo.password,
  FAKE_MS_FOLDER_ID: seeded?.folderId ?? '',
  FAKE_MS_READY: '1',
};
for (const [key, value] of Object.entries(lines)) process.stdout.write(`${key}=${value}\n`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

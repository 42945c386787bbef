import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../..');
const eslint = new ESLint({ cwd: root });

/** The layer messages eslint reports for `code` as if it lived at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'skyhook/layers').map((m) => m.message);
}

describe('layer rules', { timeout: 60_000 }, () => {
  it('refuses main/ in a renderer file at any depth', async () => {
    const deep = await layerErrors(
      'renderer/src/a/b/c/deep.ts',
      "import { x } from '../../../../../main/app/compose';\nexport const y = x;\n",
    );
    expect(deep).toHaveLength(1);
    expect(deep[0]).toContain("may not import '../../../../../main/app/compose'");
    expect(await layerErrors('renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport const y = readFile;\n")).toHaveLength(1);
  });

  it('keeps Electron in main/electron and the preload', async () => {
    const electron = "import { app } from 'electron';\nexport const y = app;\n";
    expect(await layerErrors('main/media/x.ts', electron)).toHaveLength(1);
    expect(await layerErrors('main/electron/x.ts', electron)).toEqual([]);
    expect(await layerErrors('preload/index.ts', electron)).toEqual([]);
    expect(await layerErrors('main/media/x.ts', "import { a } from '../electron/window';\nexport const y = a;\n")).toHaveLength(1);
  });

  it('keeps preload common code free of Node and npm packages other than zod', async () => {
    expect(await layerErrors('preload/x.ts', "import { join } from 'path';\nexport const y = join;\n")).toHaveLength(1);
    expect(await layerErrors('preload/x.ts', "import React from 'react';\nexport const y = React;\n")).toHaveLength(1);
    expect(await layerErrors('preload/x.ts', "import { z } from 'zod';\nexport const y = z;\n")).toEqual([]);
  });

  it('lets main use Node, packages and preload', async () => {
    expect(
      await layerErrors(
        'main/media/x.ts',
        "import { join } from 'node:path';\nimport sharp from 'sharp';\nimport { contract } from '../../preload/contract';\nexport const y = [join, sharp, contract];\n",
      ),
    ).toEqual([]);
  });
});

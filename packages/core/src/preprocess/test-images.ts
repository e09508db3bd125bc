// Test fixture (not exported from the package): image folders made on the fly.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from './image-decode.ts';

/**
 * A temporary folder of class subfolders (`spec`: class name → gray levels); each image
 * is `size`×`size`×`channels` of one gray level v, named after v (`010.png`), so a pixel
 * tells which file it came from.
 */
export async function makeImageFolder(
  spec: Record<string, number[]>,
  channels = 1,
  size = 4,
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'frontier-flow-'));
  for (const [cls, values] of Object.entries(spec)) {
    await mkdir(join(root, cls));
    for (const v of values) {
      const px = new Uint8Array(size * size * channels).fill(v);
      await writeFile(
        join(root, cls, `${String(v).padStart(3, '0')}.png`),
        encodePng(px, size, size, channels),
      );
    }
  }
  return root;
}

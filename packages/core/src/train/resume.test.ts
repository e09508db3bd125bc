import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./fixtures/train-child.ts', import.meta.url));

/** Runs the training fixture; with killAfterSave, SIGKILLs it right after that checkpoint. */
function runChild(
  dir: string,
  out: string,
  opts: { killAfterSave?: number; slowMs?: number } = {},
): Promise<{ code: number | null; signal: string | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dir, out, String(opts.slowMs ?? 0)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        lines.push(line);
        if (opts.killAfterSave !== undefined && line === `saved ${opts.killAfterSave}`) p.kill('SIGKILL');
      }
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ code, signal, lines }));
  });
}

test(
  'a run killed with SIGKILL and resumed ends with the same weights as an uninterrupted run',
  { timeout: 120_000 },
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'frontier-resume-'));
    const straight = await runChild(join(root, 'a'), join(root, 'a.json'));
    assert.equal(straight.code, 0);

    const killed = await runChild(join(root, 'b'), join(root, 'b.json'), { killAfterSave: 1, slowMs: 20 });
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(!killed.lines.includes('done'), 'the killed run must not have finished');
    const resumed = await runChild(join(root, 'b'), join(root, 'b.json'));
    assert.equal(resumed.code, 0);
    // the resumed process starts after the last checkpoint it found, never at epoch 0
    assert.ok(
      !resumed.lines.includes('saved 0') && resumed.lines.includes('saved 5'),
      resumed.lines.join(','),
    );

    const a = JSON.parse(await readFile(join(root, 'a.json'), 'utf8')) as number[][];
    const b = JSON.parse(await readFile(join(root, 'b.json'), 'utf8')) as number[][];
    assert.deepEqual(b, a);
    // the checkpoint folder holds one manifest and one data file, no temp files
    assert.deepEqual((await readdir(join(root, 'b'))).sort(), ['checkpoint.json', 'ckpt-000005.bin']);
  },
);

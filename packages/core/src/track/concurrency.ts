/**
 * Shared multi-process test: several child processes write metrics and register
 * model versions against one store at the same moment; nothing may be lost,
 * duplicated or numbered twice. Each implementation's test calls
 * {@link runConcurrentWriters} with a function returning the URL of a fresh store.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { openStore } from './open-store.ts';

/** Sizes of the collision; defaults: 4 writers × 500 rows × 8 versions. */
export interface ConcurrentWritersOptions {
  readonly writers?: number;
  readonly rows?: number;
  readonly versions?: number;
}

interface ChildResult {
  readonly runId: string;
  readonly versions: number[];
}

function runChild(args: string[]): Promise<ChildResult> {
  const child = fileURLToPath(new URL('./concurrency-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`writer ${args[1]} exited ${code}:\n${err}`));
      else resolve(JSON.parse(out) as ChildResult);
    });
  });
}

/** Registers the test under `label`; `makeUrl` returns the URL of an empty store. */
export function runConcurrentWriters(
  label: string,
  makeUrl: () => Promise<string>,
  options: ConcurrentWritersOptions = {},
): void {
  const { writers = 4, rows = 500, versions = 8 } = options;
  test(
    `${label}: ${writers} processes writing at once lose nothing and number versions 1..${writers * versions}`,
    { timeout: 120_000 },
    async () => {
      const url = await makeUrl();
      // Children open (and migrate) the store concurrently too, then start writing together.
      const startAt = Date.now() + 2_500;
      const results = await Promise.all(
        Array.from({ length: writers }, (_, w) =>
          runChild([url, String(w), String(rows), String(versions), String(startAt)]),
        ),
      );
      const store = await openStore(url);
      try {
        let total = 0;
        for (const [w, r] of results.entries()) {
          const series = await store.getMetricSeries(r.runId, 'loss');
          total += series.length;
          assert.deepEqual(
            series.map((p) => p.step),
            Array.from({ length: rows }, (_, i) => i),
            `writer ${w} steps`,
          );
          assert.equal(series[rows - 1].value, w + (rows - 1) / rows);
          assert.deepEqual(
            r.versions,
            [...r.versions].sort((a, b) => a - b),
            `writer ${w} saw versions increase`,
          );
        }
        assert.equal(total, writers * rows);
        const all = Array.from({ length: writers * versions }, (_, i) => i + 1);
        assert.deepEqual(
          results.flatMap((r) => r.versions).sort((a, b) => a - b),
          all,
        );
        const stored = await store.listModelVersions('shared-model');
        assert.deepEqual(
          stored.map((v) => v.version),
          all,
        );
        // Every stored version points at the run of the writer that got that number.
        const owner = new Map(results.flatMap((r) => r.versions.map((v) => [v, r.runId] as const)));
        assert.deepEqual(
          stored.map((v) => v.runId),
          all.map((v) => owner.get(v)),
        );
        assert.equal((await store.listRuns({ experiment: 'concurrency' })).length, writers);
      } finally {
        await store.close();
      }
    },
  );
}

/**
 * Test fixture, run as a child process by concurrency.ts: one writer among several
 * hitting the same store at once. Not part of the library.
 *
 *   node --import tsx concurrency-child.ts URL WORKER ROWS VERSIONS START_AT_MS
 *
 * Creates a run, waits until START_AT_MS so all writers collide, then logs ROWS metric
 * points (alternating single points and batches) interleaved with VERSIONS model
 * registrations, and prints `{"runId":…,"versions":[…]}` on stdout.
 */
import { openStore } from './open-store.ts';

const [url, worker, rowsArg, versionsArg, startAtArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const versions = Number(versionsArg);

const store = await openStore(url);
const run = await store.createRun({ experiment: 'concurrency', name: `worker-${worker}` });
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAtArg) - Date.now())));

const registered: number[] = [];
let step = 0;
let round = 0;
while (step < rows || registered.length < versions) {
  if (step < rows) {
    // Odd rounds log one point, even rounds a batch of up to 20.
    const n = Math.min(round % 2 ? 1 : 20, rows - step);
    const batch = Array.from({ length: n }, (_, i) => ({
      key: 'loss',
      step: step + i,
      value: Number(worker) + (step + i) / rows,
    }));
    await store.logMetrics(run.id, batch);
    step += n;
  }
  if (registered.length < versions && round % 3 === 0) {
    const v = await store.registerModel({
      name: 'shared-model',
      runId: run.id,
      artifactPath: `w${worker}/${registered.length}`,
    });
    registered.push(v.version);
  }
  round++;
}
await store.close();
process.stdout.write(JSON.stringify({ runId: run.id, versions: registered }));

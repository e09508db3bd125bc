/**
 * Test fixture, run as a child process by run-lifecycle.test.ts: a supervised run
 * that reaches step STEPS, waits until a heartbeat has stored that step, prints
 * `{"runId":…}` on stdout and then idles until a signal ends it. Not part of the library.
 *
 *   node --import tsx run-lifecycle-child.ts DB_PATH STEPS
 */
import { superviseRun } from './run-lifecycle.ts';
import { SqliteStore } from './sqlite-store.ts';

const [path, stepsArg] = process.argv.slice(2);
const store = SqliteStore.open(path);
const run = await store.createRun({ experiment: 'lifecycle', name: 'child' });
const sup = superviseRun(store, run.id, { heartbeatMs: 20 });
for (let i = 1; i <= Number(stepsArg); i++) sup.step(i);
while ((await store.getRun(run.id)).lastStep !== Number(stepsArg)) {
  await new Promise((r) => setTimeout(r, 10));
}
process.stdout.write(`${JSON.stringify({ runId: run.id })}\n`);
// The heartbeat timer is unref'd; this one keeps the process alive until it is signalled.
setInterval(() => undefined, 1_000);

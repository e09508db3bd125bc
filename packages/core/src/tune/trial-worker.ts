/**
 * The worker process of a tuning pool (started by worker-pool.ts through tsx):
 * receives trials over IPC, trains each with {@link trainTrial}, relays every
 * epoch's logs and waits for the parent's prune decision before the next epoch.
 * Study data is loaded once per data key and reused across trials.
 */
import { selectBackend } from '../backend.ts';
import { FrontierError } from '../util/errors.ts';
import { applyParams } from './space.ts';
import { StudyDataCache, trainTrial } from './train-trial.ts';
import type { ParentMessage, WorkerMessage } from './worker-protocol.ts';

const send = (m: WorkerMessage) => process.send!(m);
const decisions = new Map<string, (prune: boolean) => void>();

const cache = new StudyDataCache();
await selectBackend((line) => process.stderr.write(`tune worker ${process.pid}: ${line}\n`));

process.on('message', (msg: ParentMessage) => {
  if (msg.type === 'decision') {
    decisions.get(`${msg.id}:${msg.step}`)?.(msg.prune);
    return;
  }
  if (msg.type === 'exit') {
    void cache.dispose().finally(() => process.exit(0));
    return;
  }
  void (async () => {
    try {
      const data = await cache.get(applyParams(msg.base, msg.params));
      const outcome = await trainTrial(msg.base, msg.params, data, {
        metric: msg.metric,
        modelDir: msg.modelDir,
        report: (step, logs) =>
          new Promise<boolean>((resolve) => {
            decisions.set(`${msg.id}:${step}`, (prune) => {
              decisions.delete(`${msg.id}:${step}`);
              resolve(prune);
            });
            send({ type: 'report', id: msg.id, step, logs: { ...logs } });
          }),
      });
      send({ type: 'done', id: msg.id, outcome });
    } catch (err) {
      const e = err as Error;
      send({
        type: 'error',
        id: msg.id,
        message: e.message,
        code: err instanceof FrontierError ? err.code : undefined,
        where: err instanceof FrontierError ? err.where : undefined,
        hint: err instanceof FrontierError ? err.hint : undefined,
      });
    }
  })();
});
// A parent that dies (even by SIGKILL) closes the IPC channel: stop rather than train for nobody.
process.on('disconnect', () => process.exit(1));
send({ type: 'ready' });

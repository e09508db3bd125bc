/**
 * Parallel trials in worker processes: `size` Node processes running
 * trial-worker.ts through tsx, each training one trial at a time with the core
 * Trainer. The parent keeps every store write and every prune decision; workers
 * only train. A worker that dies mid-trial fails that trial and is replaced.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { StudyConfig } from '../study/index.ts';
import { FrontierError } from '../util/errors.ts';
import { loaderArgs, siblingModule } from '../util/module-entry.ts';
import type { ReportFn, TrialExecutor, TrialOutcome, TrialRequest } from './optimize.ts';
import type { ParentMessage, WorkerMessage } from './worker-protocol.ts';

/** Options of {@link workerPool}. Defaults: 2 workers, `val_accuracy`, no saved models, the current backend. */
export interface WorkerPoolOptions {
  size?: number;
  metric?: string;
  /** Keep each finished trial's model in `<modelRoot>/trial-<n>`. */
  modelRoot?: string;
  /** Tensor backend for the workers (FRONTIER_BACKEND). */
  backend?: string;
}

interface Worker {
  proc: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
}

/** A pool of worker processes as a {@link TrialExecutor}; `close()` ends them. */
export function workerPool(base: StudyConfig, options: WorkerPoolOptions = {}): TrialExecutor {
  const size = options.size ?? 2;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new FrontierError('TUNE_BAD_WORKERS', `workers must be a positive integer, got ${size}`, {
      where: '--workers',
      hint: 'e.g. --workers 2',
    });
  }
  const script = fileURLToPath(siblingModule('./trial-worker', import.meta.url));
  const backend = options.backend ?? tf.getBackend();
  const workers: Worker[] = [];
  const waiting: Array<(w: Worker) => void> = [];

  const spawnWorker = (): Worker => {
    const proc = fork(script, [], {
      execArgv: loaderArgs(import.meta.url),
      env: { ...process.env, FRONTIER_BACKEND: backend },
      // Worker stdout goes to our stderr so `--json` output stays clean.
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    proc.stdout?.on('data', (d: Buffer) => process.stderr.write(d));
    const ready = new Promise<void>((resolve, reject) => {
      proc.once('message', (m: WorkerMessage) =>
        m.type === 'ready' ? resolve() : reject(new Error('worker did not start')),
      );
      proc.once('exit', (code) => reject(new Error(`tune worker exited with code ${code} before starting`)));
    });
    ready.catch(() => undefined);
    return { proc, ready, busy: false };
  };

  const acquire = (): Promise<Worker> => {
    while (workers.length < size) workers.push(spawnWorker());
    const idle = workers.find((w) => !w.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (w: Worker, dead: boolean) => {
    let next = w;
    if (dead) {
      const i = workers.indexOf(w);
      next = spawnWorker();
      workers[i] = next;
    }
    const take = waiting.shift();
    if (take) {
      next.busy = true;
      take(next);
    } else next.busy = false;
  };

  let seq = 0;
  return {
    async run(req: TrialRequest, report: ReportFn): Promise<TrialOutcome> {
      const w = await acquire();
      let dead = false;
      try {
        await w.ready;
        const id = `${process.pid}-${seq++}`;
        return await new Promise<TrialOutcome>((resolve, reject) => {
          const onMessage = (m: WorkerMessage) => {
            if (m.type === 'report' && m.id === id) {
              report(m.step, m.logs).then(
                (prune) => w.proc.send({ type: 'decision', id, step: m.step, prune } satisfies ParentMessage),
                (err) => {
                  w.proc.kill();
                  reject(err);
                },
              );
            } else if (m.type === 'done' && m.id === id) {
              cleanup();
              resolve(m.outcome);
            } else if (m.type === 'error' && m.id === id) {
              cleanup();
              reject(
                m.code
                  ? new FrontierError(m.code, m.message, { where: m.where, hint: m.hint })
                  : new Error(m.message),
              );
            }
          };
          const onExit = (code: number | null, signal: string | null) => {
            dead = true;
            cleanup();
            reject(
              new Error(
                `tune worker ${w.proc.pid} died (${signal ?? `exit code ${code}`}) during trial ${req.number}`,
              ),
            );
          };
          const cleanup = () => {
            w.proc.off('message', onMessage);
            w.proc.off('exit', onExit);
          };
          w.proc.on('message', onMessage);
          w.proc.on('exit', onExit);
          const modelDir = options.modelRoot ? `${options.modelRoot}/trial-${req.number}` : undefined;
          w.proc.send({
            type: 'run',
            id,
            base,
            params: req.params,
            metric: options.metric ?? 'val_accuracy',
            modelDir,
          } satisfies ParentMessage);
        });
      } catch (err) {
        if (w.proc.exitCode !== null || w.proc.signalCode !== null) dead = true;
        throw err;
      } finally {
        release(w, dead);
      }
    },
    async close() {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.proc.exitCode !== null || w.proc.signalCode !== null) return resolve();
              w.proc.once('exit', () => resolve());
              w.proc.send({ type: 'exit' } satisfies ParentMessage);
              setTimeout(() => w.proc.kill(), 10_000).unref();
            }),
        ),
      );
      workers.length = 0;
    },
  };
}

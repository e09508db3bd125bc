// A pool of worker threads that decode image files off the main thread, so loading a
// directory dataset overlaps training instead of competing with it.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FrontierError } from '../util/errors.ts';
import { siblingModule } from '../util/module-entry.ts';
import type { DecodeResult, DecodeTask } from './decode-job.ts';

interface Pending {
  resolve: (r: DecodeResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** The default number of decode workers: one per core beyond the main thread, 1 to 4. */
export function defaultDecodeWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * `size` worker threads running {@link DecodeTask}s. Tasks go to the least-busy
 * worker; results come back in whatever order workers finish (callers place them by
 * position). Idle workers do not keep the process alive. A worker that crashes fails
 * its tasks with `DECODE_WORKER_DIED` and is replaced on the next task.
 */
export class DecodePool {
  private readonly slots: Array<Slot | undefined>;
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new FrontierError(
        'PREPROCESS_BAD_OPTION',
        `decode workers must be a positive integer, got ${size}`,
        {
          where: 'DecodePool size',
          hint: 'e.g. 2, or 0 in flowFromDirectory options to decode on the main thread',
        },
      );
    this.slots = new Array(size).fill(undefined);
  }

  private spawn(i: number): Slot {
    const worker = new Worker(new URL('./decode-worker-boot.mjs', import.meta.url), {
      workerData: { entry: siblingModule('./decode-worker', import.meta.url).href },
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (m: { id?: number; result?: DecodeResult }) => {
      if (m.id === undefined || !m.result) return;
      const p = slot.pending.get(m.id);
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      p?.resolve(m.result);
    });
    const fail = (why: string) => {
      if (this.slots[i] === slot) this.slots[i] = undefined;
      const err = new FrontierError('DECODE_WORKER_DIED', `an image decode worker stopped: ${why}`, {
        where: 'flowFromDirectory',
        hint: 'pass workers: 0 to decode on the main thread and see the underlying error',
      });
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    worker.unref();
    return slot;
  }

  /** Runs `task` on a worker; resolves with its result (decode errors are results, not rejections). */
  run(task: DecodeTask): Promise<DecodeResult> {
    if (this.closed)
      return Promise.reject(
        new FrontierError('DECODE_POOL_CLOSED', 'the decode pool was closed', {
          where: 'DecodePool.run',
          hint: 'create a new pool',
        }),
      );
    let best = 0;
    for (let i = 0; i < this.size; i++) {
      const load = this.slots[i]?.pending.size ?? 0;
      if (load < (this.slots[best]?.pending.size ?? 0)) best = i;
    }
    const slot = (this.slots[best] ??= this.spawn(best));
    const id = this.nextId++;
    return new Promise<DecodeResult>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, task });
    });
  }

  /** Ends every worker; pending tasks fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s?.worker.terminate()));
    this.slots.fill(undefined);
  }
}

const shared = new Map<number, DecodePool>();

/** The process-wide pool of `size` workers (created on first use; idle workers don't hold the process open). */
export function sharedDecodePool(size: number): DecodePool {
  let pool = shared.get(size);
  if (!pool) shared.set(size, (pool = new DecodePool(size)));
  return pool;
}

/** Terminates every shared decode pool (e.g. at the end of a test file or a long-lived server). */
export async function closeDecodePools(): Promise<void> {
  const pools = [...shared.values()];
  shared.clear();
  await Promise.all(pools.map((p) => p.close()));
}

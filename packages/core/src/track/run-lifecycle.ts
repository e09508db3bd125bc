/**
 * Run liveness: a supervised run tells the truth about how it ended.
 *
 *   const sup = superviseRun(store, run.id);
 *   try { …train, calling sup.step(epoch)…; await sup.end('finished'); }
 *   catch (err) { await sup.end('failed', err); throw err; }
 *
 * - While it runs, a heartbeat (`heartbeat_at`, plus the last step) is written
 *   every `heartbeatMs` by an unref'd timer, so it never keeps the process alive.
 * - SIGINT/SIGTERM mark every supervised run of the process `killed`, with its
 *   last step and the signal as its error, then exit with 130/143.
 * - A process that vanishes (SIGKILL, power loss) stops beating; the next
 *   `openStore` finds the heartbeat stale and marks the run `crashed`.
 * - `end('failed', err)` stores the error's message (secrets redacted by the store).
 */
import { FrontierError } from '../util/errors.ts';
import type { TrackingStore } from './store.ts';

/** How often a supervised run writes its heartbeat: 5 s, well under the 60 s stale threshold. */
export const DEFAULT_HEARTBEAT_MS = 5_000;

/** Options of {@link superviseRun}. */
export interface SuperviseOptions {
  /** Heartbeat period in ms. Default {@link DEFAULT_HEARTBEAT_MS}; keep it well under the stale threshold. */
  readonly heartbeatMs?: number;
  /** Install the SIGINT/SIGTERM handlers. Default true. */
  readonly handleSignals?: boolean;
  /** Called once when writing a heartbeat fails (training goes on). Default: one line on stderr. */
  readonly onHeartbeatError?: (err: unknown) => void;
}

/** Handle on a supervised run; see {@link superviseRun}. */
export interface RunSupervisor {
  readonly runId: string;
  /** Records the current step (batch or epoch); the next heartbeat stores it. Integers only. */
  step(n: number): void;
  /**
   * Stops the heartbeat and marks the run `finished`, or `failed` with `error`'s
   * message. Idempotent: later calls return the first call's promise.
   */
  end(status: 'finished' | 'failed', error?: unknown): Promise<void>;
}

/** Exit codes for the signals, as a shell reports them (128 + signal number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Signal = keyof typeof SIGNAL_EXIT_CODES;

interface Active {
  kill(signal: Signal): Promise<void>;
}

// One handler per signal for the whole process, so that several supervised runs
// are all marked before the process exits.
const active = new Set<Active>();
const handlers = new Map<Signal, () => void>();

function onSignal(signal: Signal): void {
  for (const [s, h] of handlers) process.removeListener(s, h); // a second signal kills at once
  handlers.clear();
  void Promise.allSettled([...active].map((a) => a.kill(signal))).then(() =>
    process.exit(SIGNAL_EXIT_CODES[signal]),
  );
}

function register(a: Active): void {
  active.add(a);
  for (const s of Object.keys(SIGNAL_EXIT_CODES) as Signal[]) {
    if (handlers.has(s)) continue;
    const h = () => onSignal(s);
    handlers.set(s, h);
    process.on(s, h);
  }
}

function unregister(a: Active): void {
  active.delete(a);
  if (active.size > 0) return;
  for (const [s, h] of handlers) process.removeListener(s, h);
  handlers.clear();
}

/** The text stored for a failure: `CODE: where: message` for a FrontierError, else the message. */
export function errorMessage(error: unknown): string {
  if (error instanceof FrontierError) return `${error.code}: ${error.describe()}`;
  if (error instanceof Error) return error.message || error.name;
  return error === undefined ? 'unknown error' : String(error);
}

/**
 * Starts supervising `runId` (a `running` run in `store`): writes a heartbeat now
 * and every `heartbeatMs`, and marks the run `killed` on SIGINT/SIGTERM. The
 * caller must call {@link RunSupervisor.end} when the run ends, before closing the
 * store. Heartbeat failures are reported once through `onHeartbeatError` and do
 * not stop training.
 */
export function superviseRun(
  store: TrackingStore,
  runId: string,
  opts: SuperviseOptions = {},
): RunSupervisor {
  const heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  if (!Number.isFinite(heartbeatMs) || heartbeatMs <= 0) {
    throw new FrontierError(
      'TRACK_BAD_HEARTBEAT',
      `heartbeatMs must be a positive number, got ${heartbeatMs}`,
      {
        where: `superviseRun(${runId})`,
        hint: `omit it for the default ${DEFAULT_HEARTBEAT_MS} ms`,
      },
    );
  }
  let lastStep: number | null = null;
  let ended: Promise<void> | undefined;
  let reported = false;
  // Writes are chained so a heartbeat never lands after the final status.
  let pending: Promise<void> = Promise.resolve();
  const onError =
    opts.onHeartbeatError ??
    ((err: unknown) =>
      process.stderr.write(`warning: run ${runId}: could not write heartbeat: ${errorMessage(err)}\n`));

  const stepUpdate = () => (lastStep === null ? {} : { lastStep });
  const beat = () => {
    pending = pending
      .then(() => store.heartbeat(runId, lastStep))
      .catch((err: unknown) => {
        if (!reported) onError(err);
        reported = true;
      });
  };
  const timer = setInterval(beat, heartbeatMs);
  timer.unref();
  beat();

  const finish = (run: () => Promise<unknown>): Promise<void> => {
    clearInterval(timer);
    unregister(self);
    ended = pending.then(run).then(() => undefined);
    return ended;
  };
  const self: Active = {
    kill: (signal) =>
      ended ??
      finish(() =>
        store.updateRun(runId, { status: 'killed', ...stepUpdate(), error: `interrupted by ${signal}` }),
      ),
  };
  if (opts.handleSignals ?? true) register(self);

  return {
    runId,
    step(n: number) {
      if (!Number.isSafeInteger(n)) {
        throw new FrontierError('TRACK_BAD_STEP', `run step must be an integer, got ${n}`, {
          where: `run ${runId}`,
          hint: 'pass the batch or epoch number',
        });
      }
      lastStep = n;
    },
    end(status, error) {
      return (
        ended ??
        finish(() =>
          store.updateRun(runId, {
            status,
            ...stepUpdate(),
            ...(status === 'failed' ? { error: errorMessage(error) } : {}),
          }),
        )
      );
    },
  };
}

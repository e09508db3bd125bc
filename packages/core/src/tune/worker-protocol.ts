/** Messages between the tuning pool (parent) and its worker processes, over Node IPC. */
import type { StudyConfig } from '../study/index.ts';
import type { TrialOutcome } from './optimize.ts';
import type { Params } from './space.ts';

/** Parent → worker. */
export type ParentMessage =
  | { type: 'run'; id: string; base: StudyConfig; params: Params; metric: string; modelDir?: string }
  | { type: 'decision'; id: string; step: number; prune: boolean }
  | { type: 'exit' };

/** Worker → parent. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'report'; id: string; step: number; logs: Record<string, number> }
  | { type: 'done'; id: string; outcome: TrialOutcome }
  | { type: 'error'; id: string; message: string; code?: string; where?: string; hint?: string };

// Worker threads do not inherit the parent's `--import tsx` loader, so this plain
// ESM file registers tsx in the worker and then loads the TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

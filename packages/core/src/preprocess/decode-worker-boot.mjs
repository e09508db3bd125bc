// Worker threads do not inherit the parent's `--import tsx` loader, so this plain
// ESM file registers tsx in the worker when the entry is TypeScript (a source
// checkout), then loads the entry; the compiled package (dist/) needs no tsx.
import { workerData } from 'node:worker_threads';

if (/\.[cm]?ts$/.test(new URL(workerData.entry).pathname)) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);

// Entry of a decode worker thread (started by decode-pool.ts through
// decode-worker-boot.mjs): runs each posted DecodeTask and posts the result back,
// transferring the pixel buffer.
import { parentPort } from 'node:worker_threads';
import { runDecodeTask, type DecodeTask } from './decode-job.ts';

parentPort?.on('message', (msg: { id: number; task: DecodeTask }) => {
  const result = runDecodeTask(msg.task);
  const transfer = result.ok ? [result.data.buffer as ArrayBuffer] : [];
  if (result.ok && result.record) transfer.push(result.record.buffer as ArrayBuffer);
  parentPort?.postMessage({ id: msg.id, result }, transfer);
});
parentPort?.postMessage({ ready: true });

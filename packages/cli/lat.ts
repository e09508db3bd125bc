import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@frontier/core';
import { buildModel, briefCnn } from '@frontier/core/models';
import { pruneStructured } from '@frontier/core/compress';
await selectBackend();
const base = buildModel(briefCnn(), 1);
const m50 = (await pruneStructured(base, { fraction: 0.5 })).model;
const m75 = (await pruneStructured(base, { fraction: 0.75 })).model;
const x = tf.randomUniform([1, 28, 28, 1]);
const models: [string, tf.LayersModel][] = [['base', base], ['f50', m50], ['f75', m75]];
const times: Record<string, number[]> = { base: [], f50: [], f75: [] };
for (let r = 0; r < 2000; r++) for (const [n, m] of models) {
  const t0 = performance.now(); const y = m.predict(x) as tf.Tensor; y.dataSync(); y.dispose(); times[n].push(performance.now() - t0);
}
for (const [n, ts] of Object.entries(times)) { const s = ts.slice(200).sort((a, b) => a - b); console.log(n, 'p50', s[Math.floor(s.length / 2)].toFixed(3), 'p10', s[Math.floor(s.length / 10)].toFixed(3)); }

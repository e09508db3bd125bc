// Child process of the tune e2e test: runs a study until the test kills it.
import * as tf from '@tensorflow/tfjs';
import { tune, type TuneConfig } from '../src/tune/index.ts';

await tf.setBackend('cpu');
const [configJson, study, out] = process.argv.slice(2);
await tune(JSON.parse(configJson) as TuneConfig, {
  study,
  out,
  trials: 40,
  workers: 1,
  sampler: 'random',
  pruner: 'none',
});

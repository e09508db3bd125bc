// Child process of shared-study.test.ts: joins study `argv[3]` in the store at `argv[2]`
// and runs synthetic trials (ASHA on) until the study has its 16 trials.
import { openStore } from '../track/index.ts';
import { functionExecutor } from './function-executor.ts';
import { optimize } from './optimize.ts';
import { AshaPruner } from './pruners.ts';
import { TpeSampler } from './tpe.ts';

const [url, study, startAt] = process.argv.slice(2);
const store = await openStore(url);
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const r = await optimize({
  space: { x: { type: 'float', low: 0, high: 1 } },
  store,
  study,
  nTrials: 16,
  workers: 2,
  sampler: new TpeSampler({ nStartupTrials: 4 }),
  pruner: new AshaPruner({ maxResource: 9 }),
  seed: process.pid,
  executor: functionExecutor(async (t) => {
    let v = 0;
    for (let step = 1; step <= 9; step++) {
      await new Promise((res) => setTimeout(res, 15));
      v = (1 - Math.abs((t.params.x as number) - 0.3)) * (1 - 0.5 ** step);
      if (await t.report(step, v)) break;
    }
    return v;
  }),
});
await store.close();
process.stdout.write(JSON.stringify({ ran: r.trials.filter((t) => t.state !== 'running').length }));

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainProgress } from './progress.ts';

test('ExplainProgress draws a bar with ETA on a TTY and writes nothing elsewhere', () => {
  let t = 0;
  const tty = {
    isTTY: true,
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
  const p = new ExplainProgress(tty, 'shap', 4, () => t);
  t = 1000;
  p.tick();
  // 1 of 4 done in 1 s: 3 s to go.
  assert.match(tty.text, /^\rshap \[={5}> {18}\] 1\/4 ETA 0:03\x1b\[K$/);
  t = 1050;
  p.tick(); // within 100 ms of the last draw: not redrawn
  assert.equal(tty.text.split('\r').length, 2);
  t = 2000;
  p.tick(2);
  assert.match(tty.text, /\[=+\] 4\/4\x1b\[K\n$/);
  const log = {
    isTTY: false,
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
  const q = new ExplainProgress(log, 'shap', 2);
  q.tick(2);
  assert.equal(log.text, '');
});

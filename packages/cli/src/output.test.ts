import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommanderError } from 'commander';
import { FrontierError } from '@frontier/core';
import { emit, errorJson, formatError } from './output.ts';

const URL_WITH_PASSWORD = 'postgres://ann:n0t-f0r-l0gs@db/x';

test('errorJson: a FrontierError keeps code, message, where and hint, password redacted', () => {
  const err = new FrontierError('TRACK_DB_AUTH', `login failed for ${URL_WITH_PASSWORD}`, {
    where: URL_WITH_PASSWORD,
    hint: 'check the password',
  });
  assert.deepEqual(errorJson(err), {
    error: {
      code: 'TRACK_DB_AUTH',
      message: 'login failed for postgres://ann:***@db/x',
      where: 'postgres://ann:***@db/x',
      hint: 'check the password',
    },
  });
  assert.equal(
    formatError(err, false, true),
    '{"error":{"code":"TRACK_DB_AUTH","message":"login failed for postgres://ann:***@db/x","where":"postgres://ann:***@db/x","hint":"check the password"}}',
  );
});

test('errorJson: usage errors are CLI_USAGE, anything else INTERNAL with nulls', () => {
  const usage = new CommanderError(
    1,
    'commander.invalidArgument',
    "error: option '-s' argument 'x' is invalid.",
  );
  assert.deepEqual(errorJson(usage).error.code, 'CLI_USAGE');
  assert.equal(errorJson(usage).error.message, "option '-s' argument 'x' is invalid.");
  assert.deepEqual(errorJson(new TypeError(`bad ${URL_WITH_PASSWORD}`)), {
    error: {
      code: 'INTERNAL',
      message: 'bad postgres://ann:***@db/x',
      where: null,
      hint: 'run with --verbose for the stack trace',
    },
  });
  assert.deepEqual(errorJson('thrown string').error, {
    code: 'INTERNAL',
    message: 'thrown string',
    where: null,
    hint: 'run with --verbose for the stack trace',
  });
});

test('formatError as text: where, message, fix; the stack only when verbose; never the password', () => {
  const err = new FrontierError('X', 'went wrong', { where: URL_WITH_PASSWORD, hint: 'do this' });
  assert.equal(formatError(err, false), 'error: postgres://ann:***@db/x: went wrong\n  fix: do this');
  const verbose = formatError(new Error(`at ${URL_WITH_PASSWORD}`), true);
  assert.match(verbose, /^error: Error: at postgres:\/\/ann:\*\*\*@db\/x\n\s+at /);
  assert.ok(!verbose.includes('n0t-f0r-l0gs'));
});

test('emit: no password reaches stdout, as JSON or as text', (t) => {
  const written: string[] = [];
  t.mock.method(process.stdout, 'write', (chunk: string) => {
    written.push(chunk);
    return true;
  });
  const config = { tracking: URL_WITH_PASSWORD, epochs: 2 };
  emit({ json: true }, config, () => '');
  emit({}, config, () => `tracking ${config.tracking}`);
  t.mock.restoreAll();
  assert.deepEqual(JSON.parse(written[0]), { tracking: 'postgres://ann:***@db/x', epochs: 2 });
  assert.equal(written[1], 'tracking postgres://ann:***@db/x\n');
});

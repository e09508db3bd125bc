import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname, cpus } from 'node:os';

/** Facts about where a run ran, recorded with every run and shown in reports. */
export interface RunEnvironment {
  backend: string;
  node: string;
  tfjs: string;
  frontier: string;
  gitSha: string;
  host: string;
  cpu: string;
  cores: number;
  seed: number;
}

/** Collects the run environment; the git sha is 'unknown' outside a checkout. */
export function environment(backend: string, seed: number): RunEnvironment {
  return {
    backend,
    node: process.versions.node,
    tfjs: tf.version.tfjs,
    frontier: frontierVersion(),
    gitSha: gitSha(),
    host: hostname(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    seed,
  };
}

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

function frontierVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

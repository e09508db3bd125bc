#!/usr/bin/env node
// The frontier command. From a source checkout (src/ beside bin/) it runs the
// TypeScript sources through tsx, with the other workspace packages resolved to
// their sources too (the `frontier-source` export condition), so there is no build
// step. From an installed package it runs the compiled dist/main.js with plain Node.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/main.ts', import.meta.url);

if (existsSync(source)) {
  const flag = '--conditions=frontier-source';
  const active = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes(flag));
  if (!active) {
    // Child processes and worker threads (tune workers, decode workers) inherit it from the environment.
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${flag}`.trim();
    // This process started without it, so a resolve hook adds the condition here.
    const hook = `export function resolve(specifier, context, next) {
      const conditions = context.conditions.includes('frontier-source')
        ? context.conditions
        : [...context.conditions, 'frontier-source'];
      return next(specifier, { ...context, conditions });
    }`;
    register(`data:text/javascript,${encodeURIComponent(hook)}`);
  }
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(source.href);
} else {
  await import('../dist/main.js');
}

#!/usr/bin/env node
// Starts the note bridge (noteBridge.ts) for models/finetune: reads one JSON request per line on
// stdin, writes one JSON answer per line on stdout, in order, until stdin closes. Anything else the
// app's modules print goes to stderr, so stdout carries only answers.
// Usage (from Python: finetune/bridge.py): node models/finetune/bridge/run.mjs
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

console.log = console.error;
console.info = console.error;
const root = fileURLToPath(new URL('../../..', import.meta.url));
const { module } = await runnerImport(`${root}models/finetune/bridge/noteBridge.ts`, { root, configFile: false, logLevel: 'error' });

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let id = null;
  let reply;
  try {
    const request = JSON.parse(line);
    id = request.id ?? null;
    reply = module.handle(request);
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}

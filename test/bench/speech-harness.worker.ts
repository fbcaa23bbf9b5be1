/**
 * The speech worker as the harness page starts it: the same host and Whisper engine as
 * src/speech/speech.worker.ts, with the GPU hooks of harnessGpu.ts (lose the device, refuse new
 * ones), which the production protocol does not have.
 */
import { OpfsModelStore } from '../../src/model-manager/store.opfs';
import { serveSpeech, type SpeechHostScope } from '../../src/speech/speech.host';
import { WhisperEngine } from '../../src/speech/whisperEngine';
import { serveHarnessGpu } from './harnessGpu';

const scope: SpeechHostScope & { postMessage(message: unknown): void } = self;
serveSpeech(scope, new WhisperEngine({ store: new OpfsModelStore(), gpu: serveHarnessGpu(scope) }));

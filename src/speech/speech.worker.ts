/**
 * The speech worker: Whisper on the model store in OPFS, answering the speech protocol. Start it
 * through SpeechClient. A worker keeps inference off the UI thread (invariant 3) and can read the
 * store's files, which live in the Origin Private File System.
 */
import { OpfsModelStore } from '../model-manager/store.opfs';
import { serveSpeech, type SpeechHostScope } from './speech.host';
import { WhisperEngine } from './whisperEngine';

const scope: SpeechHostScope = self;
serveSpeech(scope, new WhisperEngine({ store: new OpfsModelStore() }));

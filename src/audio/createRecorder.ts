/** The app's recorder: the real microphone, the app's database, Web Locks and page events. */
import { audio, encounters } from '../storage';
import { MicrophoneCapture } from './microphoneCapture';
import { browserPageHideEvents } from './pageHide';
import { Recorder } from './recorder';
import { webRecordingLocks } from './recordingLock';

export function createRecorder(): Recorder {
  return new Recorder({
    audio,
    encounters,
    createCapture: () => new MicrophoneCapture(),
    locks: webRecordingLocks,
    pageHideEvents: browserPageHideEvents,
  });
}

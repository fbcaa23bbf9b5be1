/**
 * The speech worker as the harness page starts it: the same host and Whisper engine as
 * src/speech/speech.worker.ts, plus two test-only hooks that the production protocol does not have
 * (they arrive as `{ harness: … }` messages, which the speech host ignores):
 *
 * - `lose-gpu`: destroys the GPUDevice the engine is running on. The device's `lost` promise then
 *   settles, as it does when a driver resets or the laptop sleeps.
 * - `fail-gpu-requests`: the next N requests for a GPU device fail, as on a machine whose GPU will
 *   not come back, so the engine must fall back to WASM.
 *
 * Reaching the device is possible because the engine takes its GPUDevice from a GpuDeviceSource;
 * the harness wraps the browser's to keep each device it hands out.
 */
import { browserGpu, type GpuDeviceLike, type GpuDeviceSource } from '../../src/shared/gpuDevice';
import { OpfsModelStore } from '../../src/model-manager/store.opfs';
import { serveSpeech, type SpeechHostScope } from '../../src/speech/speech.host';
import { WhisperEngine } from '../../src/speech/whisperEngine';
import { isRecord } from '../../src/shared/isRecord';

export type HarnessWorkerMessage = { harness: 'lose-gpu' } | { harness: 'fail-gpu-requests'; count: number };
export interface HarnessWorkerReply {
  harness: 'ack';
  /** GPU devices handed out so far, and how many were destroyed by `lose-gpu`. */
  devicesCreated: number;
  devicesLost: number;
}

const devices: GpuDeviceLike[] = [];
let devicesLost = 0;
let failRequests = 0;

const gpu: GpuDeviceSource = {
  async requestDevice() {
    if (failRequests > 0) {
      failRequests--;
      throw new Error('harness: this GPU request fails on purpose');
    }
    const device = await browserGpu.requestDevice();
    devices.push(device);
    return device;
  },
};

const scope: SpeechHostScope & { postMessage(message: unknown): void } = self;
serveSpeech(scope, new WhisperEngine({ store: new OpfsModelStore(), gpu }));

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (!isRecord(data) || typeof data.harness !== 'string') return;
  if (data.harness === 'lose-gpu') {
    const device = devices.at(-1);
    if (device) {
      device.destroy();
      devicesLost++;
    }
  } else if (data.harness === 'fail-gpu-requests' && typeof data.count === 'number') {
    failRequests = data.count;
  }
  const reply: HarnessWorkerReply = { harness: 'ack', devicesCreated: devices.length, devicesLost };
  scope.postMessage(reply);
});

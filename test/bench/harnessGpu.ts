/**
 * GPU hooks for the harness workers (speech and note): the engines take their GPUDevice from a
 * GpuDeviceSource, and this one keeps each device it hands out so a test can lose it on purpose.
 * The hooks arrive as `{ harness: … }` messages, which the production protocols ignore:
 *
 * - `lose-gpu`: destroys the newest GPUDevice. Its `lost` promise then settles, as it does when a
 *   driver resets or the laptop sleeps.
 * - `fail-gpu-requests`: the next N requests for a GPU device fail, as on a machine whose GPU will
 *   not come back, so the engine must fall back to WASM.
 */
import { browserGpu, type GpuDeviceLike, type GpuDeviceSource } from '../../src/shared/gpuDevice';
import { isRecord } from '../../src/shared/isRecord';

export type HarnessWorkerMessage = { harness: 'lose-gpu' } | { harness: 'fail-gpu-requests'; count: number };
export interface HarnessWorkerReply {
  harness: 'ack';
  /** GPU devices handed out so far, and how many were destroyed by `lose-gpu`. */
  devicesCreated: number;
  devicesLost: number;
}

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

/** Inside a harness worker: the GPU source to give the engine, answering the hooks on `scope`. */
export function serveHarnessGpu(scope: WorkerScope): GpuDeviceSource {
  const devices: GpuDeviceLike[] = [];
  let devicesLost = 0;
  let failRequests = 0;
  scope.addEventListener('message', (event) => {
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
  return {
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
}

/** On the page: sends a hook to the harness worker and waits for its acknowledgement. */
export function askHarnessWorker(worker: Worker, message: HarnessWorkerMessage): Promise<HarnessWorkerReply> {
  return new Promise((resolve) => {
    const onReply = (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (!isRecord(data) || data.harness !== 'ack' || typeof data.devicesCreated !== 'number' || typeof data.devicesLost !== 'number') return;
      worker.removeEventListener('message', onReply);
      resolve({ harness: 'ack', devicesCreated: data.devicesCreated, devicesLost: data.devicesLost });
    };
    worker.addEventListener('message', onReply);
    worker.postMessage(message);
  });
}

/**
 * The capture AudioWorkletProcessor ('escriba-capture'): runs on the audio rendering thread, turns
 * the microphone into 16 kHz mono and posts it to the recorder every CAPTURE_POST_INTERVAL_MS.
 *
 * Load it with `import url from './capture.worklet.ts?worker&url'` and
 * `audioContext.audioWorklet.addModule(url)`. Checked with Vite 8 and Chromium 156: `vite build`
 * emits it as one self-contained file (the resampler bundled in, no `import` left), and the dev
 * server serves it as an ES module with imports, which works too because worklets are module
 * scripts (static imports only; `import()` is not allowed in a worklet).
 */
import {
  CAPTURE_PROCESSOR_NAME,
  type CaptureEvent,
  isCaptureCommand,
  isCaptureProcessorOptions,
} from './capture.protocol';
import { CapturePipeline } from './capturePipeline';

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly pipeline: CapturePipeline;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const processorOptions: unknown = options.processorOptions;
    if (!isCaptureProcessorOptions(processorOptions)) {
      throw new TypeError(`${CAPTURE_PROCESSOR_NAME} needs processorOptions.inputSampleRateHz`);
    }
    this.pipeline = new CapturePipeline(processorOptions.inputSampleRateHz, (samples, peak) => {
      const event: CaptureEvent = { type: 'audio', samples, peak };
      this.port.postMessage(event, [samples.buffer]);
    });
    this.port.onmessage = (message: MessageEvent<unknown>) => {
      if (!isCaptureCommand(message.data)) return;
      this.pipeline.flush();
      const event: CaptureEvent = { type: 'flushed', id: message.data.id };
      this.port.postMessage(event);
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (channels) this.pipeline.push(channels);
    // Keep running while the recorder owns the node; it disconnects and closes the context to stop.
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR_NAME, CaptureProcessor);

/**
 * The few AudioWorkletGlobalScope names the capture worklet uses. TypeScript's DOM lib lacks
 * them, and the worklet-only globals `sampleRate`, `currentTime` and `currentFrame` are left out
 * on purpose: declared here they would type-check in main-thread code too, where they do not
 * exist. The worklet gets its sample rate through `processorOptions` instead.
 */

declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
  /** Return true to keep the processor alive while it has no inputs. */
  abstract process(
    inputs: Float32Array[][],
    outputs: Float32Array[][],
    parameters: Record<string, Float32Array>,
  ): boolean;
}

declare function registerProcessor(
  name: string,
  processorCtor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor,
): void;

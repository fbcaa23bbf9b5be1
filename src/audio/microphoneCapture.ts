/**
 * The microphone as a CaptureSource: getUserMedia → MediaStreamSource → capture worklet, in an
 * AudioContext at the microphone's own rate (our resampler, not the browser's, makes the 16 kHz;
 * Firefox also refuses a MediaStreamSource whose rate differs from its context's).
 *
 * The worklet feeds a zero-gain node wired to the destination: nothing is audible (no feedback
 * into the room), yet the node sits on a path the destination pulls. Chromium 156 turned out to
 * render the worklet even unconnected or with no outputs (checked: ~10 posts/s in each case), but
 * the Web Audio spec only promises rendering for what the destination pulls, and the silent path
 * costs nothing, so it stays for other engines and versions.
 *
 * A capture can go quiet without its track ending, and the doctor must not see "Grabando" over
 * nothing being stored: a muted track (OS privacy switch, another app took the device) or an
 * AudioContext leaving `running` (system interruption, device change) ends this capture like an
 * unplugged microphone. The recorder's watchdog covers what raises no event at all.
 */
import { EscribaError, MicrophoneMissingError, UnsupportedBrowserError, microphoneError } from '../shared/errors';
import {
  CAPTURE_PROCESSOR_NAME,
  type CaptureCommand,
  type CaptureProcessorOptions,
  isCaptureEvent,
} from './capture.protocol';
import workletUrl from './capture.worklet.ts?worker&url';
import type { CaptureEndReason, CaptureSink, CaptureSource } from './captureSource';

/** Raw audio: echo cancellation, noise suppression and AGC distort speech for recognition. */
export const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  channelCount: 1,
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
};
/** A flush reply takes one render quantum (~3 ms); past this the worklet is not running. */
const FLUSH_REPLY_TIMEOUT_MS = 1_000;
/** Autoplay policy may hold the context suspended; we say so instead of recording silence. */
const CONTEXT_START_TIMEOUT_MS = 3_000;

function delay(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

function createContext(sampleRateHz: number | undefined): AudioContext {
  if (sampleRateHz) {
    try {
      return new AudioContext({ sampleRate: sampleRateHz });
    } catch {
      // Rate out of the engine's range: its default rate works, with the browser resampling.
    }
  }
  return new AudioContext();
}

export class MicrophoneCapture implements CaptureSource {
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private node: AudioWorkletNode | null = null;
  private sink: CaptureSink | null = null;
  private track: MediaStreamTrack | null = null;
  private endReported = false;
  private nextFlushId = 0;
  private readonly flushWaiters = new Map<number, () => void>();

  constructor(private readonly moduleUrl: string = workletUrl) {}

  async start(sink: CaptureSink): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') {
      throw new UnsupportedBrowserError('Sin getUserMedia o AudioWorklet');
    }
    this.sink = sink;
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: MICROPHONE_CONSTRAINTS });
    } catch (error) {
      throw microphoneError(error);
    }
    try {
      await this.connect(this.stream);
    } catch (error) {
      await this.stop();
      throw error instanceof EscribaError ? error : new EscribaError('No se pudo iniciar la captura de audio', { cause: error });
    }
  }

  async flush(): Promise<void> {
    const node = this.node;
    if (!node) return;
    const id = ++this.nextFlushId;
    const replied = new Promise<void>((resolve) => this.flushWaiters.set(id, resolve));
    const command: CaptureCommand = { type: 'flush', id };
    node.port.postMessage(command);
    const timeout = delay(FLUSH_REPLY_TIMEOUT_MS);
    await Promise.race([replied, timeout.promise]);
    timeout.cancel();
    this.flushWaiters.delete(id);
  }

  async stop(): Promise<void> {
    this.sink = null;
    for (const resolve of this.flushWaiters.values()) resolve();
    this.flushWaiters.clear();
    this.track?.removeEventListener('ended', this.onEnded);
    this.track?.removeEventListener('mute', this.onMuted);
    this.track = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    if (this.node) {
      this.node.port.onmessage = null;
      this.node.onprocessorerror = null;
      this.node.disconnect();
      this.node = null;
    }
    const context = this.context;
    this.context = null;
    if (context) context.onstatechange = null;
    if (context && context.state !== 'closed') await context.close().catch(() => undefined);
  }

  private async connect(stream: MediaStream): Promise<void> {
    const track = stream.getAudioTracks()[0];
    if (!track) throw new MicrophoneMissingError('No hay micrófono');
    this.track = track;
    track.addEventListener('ended', this.onEnded);
    track.addEventListener('mute', this.onMuted);
    const context = createContext(track.getSettings().sampleRate);
    this.context = context;
    await context.audioWorklet.addModule(this.moduleUrl);
    const processorOptions: CaptureProcessorOptions = { inputSampleRateHz: context.sampleRate };
    const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions,
    });
    this.node = node;
    node.port.onmessage = this.onMessage;
    // A processor that threw is dead for good: to the recorder that is a microphone that stopped.
    node.onprocessorerror = this.onProcessorError;
    const silence = context.createGain();
    silence.gain.value = 0;
    context.createMediaStreamSource(stream).connect(node);
    node.connect(silence);
    silence.connect(context.destination);
    if (context.state !== 'running') {
      const timeout = delay(CONTEXT_START_TIMEOUT_MS);
      await Promise.race([context.resume(), timeout.promise]);
      timeout.cancel();
    }
    if (context.state !== 'running') {
      throw new EscribaError('El navegador no habilitó el audio; vuelva a presionar el botón');
    }
    // Watched only from here on: the context starts suspended until `resume()` above.
    context.onstatechange = this.onContextStateChange;
    // A track muted from the start would record silence: report it now rather than at the first mute event.
    if (track.muted) this.end('muted');
  }

  private readonly onMessage = (event: MessageEvent<unknown>): void => {
    const data = event.data;
    if (!isCaptureEvent(data)) return;
    if (data.type === 'audio') this.sink?.audio(data.samples, data.peak);
    else this.flushWaiters.get(data.id)?.();
  };

  private readonly onEnded = (): void => this.end('ended');
  private readonly onMuted = (): void => this.end('muted');
  private readonly onProcessorError = (): void => this.end('processor-error');

  private readonly onContextStateChange = (): void => {
    if (this.context && this.context.state !== 'running') this.end('suspended');
  };

  /**
   * Reports the first reason only: one stop of the input often raises several of these events.
   * The sink stays attached, so the recorder's flush can still collect the worklet's last samples.
   */
  private end(reason: CaptureEndReason): void {
    if (this.endReported) return;
    this.endReported = true;
    this.sink?.ended(reason);
  }
}

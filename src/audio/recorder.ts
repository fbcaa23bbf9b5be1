/**
 * The recorder the consultation screen drives: start, pause, resume, stop a consultation's audio,
 * committed to IndexedDB every second (invariant 2: no recorded second is lost).
 *
 * Commands and the events that interrupt a recording (microphone gone, disk full) run one at a
 * time on an internal queue, so a double click or an unplug in the middle of "Pausar" cannot
 * interleave half-done transitions. Expected failures never reject: they land in `state.error`
 * with a phase the doctor can act on (paused: "Reanudar" works once the cause is fixed).
 *
 * Pause releases the microphone. The doctor pauses when the conversation must not be recorded; a
 * live microphone (and the browser's recording indicator) during that pause would say otherwise.
 * The cost is a fraction of a second to reopen it on resume, a path the disconnected-microphone
 * case needs anyway.
 *
 * "Grabando" must mean audio is being stored. Any sign that it is not (the microphone ended or
 * went mute, the audio engine was suspended, or no audio arrived for CAPTURE_STALL_MS) stops the
 * recording the same way: what was captured is stored, the consultation is paused, and the error
 * says why.
 */
import { EscribaError, RecordingElsewhereError, StorageFullError } from '../shared/errors';
import type { AudioRepository } from '../storage/audio';
import type { EncounterRepository } from '../storage/encounters';
import type { AuditAction, EncounterStatus } from '../storage/types';
import type { CaptureSourceFactory } from './captureSource';
import { CaptureWatchdog } from './captureWatchdog';
import { samplesToMs } from './format';
import type { PageHideEvents } from './pageHide';
import { RecorderBusyError, STOP_CAUSES, type StopCause } from './recorderErrors';
import { Observable, type RecorderLevels, type RecorderState, asEscribaError } from './recorderState';
import { type RecordingLocks, type ReleaseLock, recordingLockName } from './recordingLock';
import { RecordingSession } from './recordingSession';

export { RecorderBusyError } from './recorderErrors';
export type { RecorderLevels, RecorderListener, RecorderPhase, RecorderState } from './recorderState';

export interface RecorderDependencies {
  audio: Pick<AudioRepository, 'append'>;
  /** `transition` writes a status and its audit entry together, so neither can lag the other. */
  encounters: Pick<EncounterRepository, 'get' | 'setStatus' | 'transition'>;
  createCapture: CaptureSourceFactory;
  locks: RecordingLocks;
  /** Omit where there is no page (tests). */
  pageHideEvents?: PageHideEvents;
}


export class Recorder {
  private readonly store = new Observable<RecorderState>({ phase: 'idle' });
  private readonly levels = new Observable<RecorderLevels>({ level: 0, elapsedMs: 0 });
  private readonly watchdog = new CaptureWatchdog({
    quiet: () => this.levels.update({ level: 0 }),
    stalled: () => {
      const session = this.session;
      if (session) void this.enqueue(() => this.onCaptureEnded(session, 'stalled'));
    },
  });
  private operations: Promise<void> = Promise.resolve();
  /** The consultation a `start` was accepted for, from the call until the recording ends. */
  private claimedEncounterId: string | null = null;
  private session: RecordingSession | null = null;
  private releaseLock: ReleaseLock | null = null;
  private stopWatchingPage: (() => void) | null = null;

  constructor(private readonly deps: RecorderDependencies) {}

  /**
   * Phase, consultation and error: a new object on each change of those, never for audio.
   * Bound, like the other three, so React's useSyncExternalStore can take it as is.
   */
  readonly getState = this.store.get;
  /** Calls `listener` on every state change (not with the current state); returns the unsubscribe. */
  readonly subscribe = this.store.subscribe;
  /** Level and recorded time, updated with every audio post. */
  readonly getLevels = this.levels.get;
  readonly subscribeLevels = this.levels.subscribe;

  /**
   * Starts recording `encounterId`, appending to any audio it already has (continuing an
   * interrupted consultation is just this). Calling it again for the same consultation while
   * recording or paused does nothing; for another one, it rejects with RecorderBusyError.
   */
  start(encounterId: string): Promise<void> {
    if (this.claimedEncounterId !== null) {
      if (this.claimedEncounterId === encounterId) return this.operations;
      return Promise.reject(new RecorderBusyError(`Ya se está grabando otra consulta (${this.claimedEncounterId})`));
    }
    this.claimedEncounterId = encounterId;
    return this.enqueue(() => this.doStart(encounterId));
  }

  /** Stores what was captured and releases the microphone; the consultation stays open. */
  pause(): Promise<void> {
    return this.enqueue(() => this.doPause());
  }

  /** Reopens the microphone (and first retries any audio a full disk held back). */
  resume(): Promise<void> {
    return this.enqueue(() => this.doResume());
  }

  /** Stores everything and marks the consultation recorded. */
  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  /**
   * Releases microphone and lock without finishing the consultation: its audio is stored and it
   * is left paused, to be continued later; the recorder goes back to idle. Not terminal on
   * purpose: React's StrictMode runs an effect's cleanup and then the effect again on the same
   * recorder, which must then still work. Listeners stay subscribed; they unsubscribe themselves.
   */
  dispose(): Promise<void> {
    return this.enqueue(async () => {
      const session = this.session;
      if (!session) return;
      await this.stopCapture(session);
      await session.drained();
      if (session.writer.blocked) await session.writer.retry();
      await this.persist(session.encounterId, 'paused', 'recording.paused', 'disposed').catch(() => undefined);
      this.endSession();
      this.update({ phase: 'idle' });
      this.levels.update({ level: 0 });
    });
  }

  /** Resolves once queued commands are done and accepted audio is stored (or a write failed). */
  async settled(): Promise<void> {
    // A write failing while we wait queues a new operation: wait for that one too.
    for (;;) {
      const operations = this.operations;
      await operations;
      await this.session?.drained();
      if (operations === this.operations) return;
    }
  }

  private async doStart(encounterId: string): Promise<void> {
    this.update({ phase: 'starting', encounterId, error: undefined });
    this.levels.update({ level: 0, elapsedMs: 0 });
    try {
      const encounter = await this.deps.encounters.get(encounterId);
      if (!encounter) throw new EscribaError('La consulta no existe');
      this.levels.update({ elapsedMs: samplesToMs(encounter.storedSamples) });
      const release = await this.deps.locks.tryAcquire(recordingLockName(encounterId));
      if (!release) throw new RecordingElsewhereError('La consulta se graba en otra pestaña');
      this.releaseLock = release;
      const session = new RecordingSession(
        encounterId,
        encounter.storedSamples,
        (chunk) => this.deps.audio.append(encounterId, chunk),
        {
          audio: (peak) => {
            this.watchdog.fed();
            this.levels.update({ level: peak, elapsedMs: samplesToMs(session.totalSamples) });
          },
          captureEnded: (reason) => void this.enqueue(() => this.onCaptureEnded(session, reason)),
          writeFailed: (error) => void this.enqueue(() => this.onWriteFailed(session, error)),
        },
      );
      this.session = session;
      await session.startCapture(this.deps.createCapture);
      try {
        await this.persist(encounterId, 'recording', 'recording.started', encounter.storedSamples > 0 ? 'continued' : undefined);
      } catch (error) {
        await session.stopCapture(false);
        throw error;
      }
    } catch (error) {
      this.endSession();
      this.levels.update({ level: 0 });
      this.update({ phase: 'idle', error: asEscribaError(error) });
      return;
    }
    this.stopWatchingPage = this.deps.pageHideEvents?.(() => this.session?.flushBuffered()) ?? null;
    this.enterRecording();
  }

  private async doPause(): Promise<void> {
    const session = this.session;
    if (!session || this.getState().phase !== 'recording') return;
    await this.stopCapture(session);
    await session.drained();
    let error: EscribaError | undefined;
    try {
      await this.persist(session.encounterId, 'paused', 'recording.paused');
    } catch (failure) {
      error = asEscribaError(failure);
    }
    this.update({ phase: 'paused', error: error ?? this.writeError(session) });
  }

  private async doResume(): Promise<void> {
    const session = this.session;
    if (!session || this.getState().phase !== 'paused') return;
    this.update({ phase: 'starting', error: undefined });
    try {
      if (session.writer.blocked && !(await session.writer.retry())) {
        throw this.writeError(session) ?? new StorageFullError('Sin espacio de almacenamiento');
      }
      await session.startCapture(this.deps.createCapture);
      try {
        await this.persist(session.encounterId, 'recording', 'recording.resumed');
      } catch (error) {
        await session.stopCapture(false);
        throw error;
      }
    } catch (error) {
      this.levels.update({ level: 0 });
      this.update({ phase: 'paused', error: asEscribaError(error) });
      return;
    }
    this.enterRecording();
  }

  private async doStop(): Promise<void> {
    const session = this.session;
    if (!session || (this.getState().phase !== 'recording' && this.getState().phase !== 'paused')) return;
    await this.stopCapture(session);
    await session.drained();
    try {
      // A full disk held audio back: try once more, and stay paused (nothing lost) if it fails.
      if (session.writer.blocked && !(await session.writer.retry())) {
        throw this.writeError(session) ?? new StorageFullError('Sin espacio de almacenamiento');
      }
      await this.persist(session.encounterId, 'recorded', 'recording.stopped');
    } catch (error) {
      this.update({ phase: 'paused', error: asEscribaError(error) });
      return;
    }
    this.endSession();
    this.levels.update({ elapsedMs: samplesToMs(session.totalSamples) });
    this.update({ phase: 'stopped', error: undefined });
  }

  private async onCaptureEnded(session: RecordingSession, cause: StopCause): Promise<void> {
    if (this.session !== session || this.getState().phase !== 'recording') return;
    await this.stopCapture(session);
    await session.drained();
    const { detail, error } = STOP_CAUSES[cause];
    await this.persist(session.encounterId, 'paused', 'recording.failed', detail).catch(() => undefined);
    this.update({ phase: 'paused', error: error() });
  }

  private async onWriteFailed(session: RecordingSession, error: unknown): Promise<void> {
    if (this.session !== session) return;
    // The session halted capture synchronously; this releases the microphone.
    this.watchdog.stop();
    await session.stopCapture(false);
    this.levels.update({ level: 0 });
    // AudioRepository audits quota failures itself; any other write failure is audited here.
    const audited = this.getState().phase === 'recording' && !(error instanceof StorageFullError);
    await (audited
      ? this.persist(session.encounterId, 'paused', 'recording.failed', 'write-error')
      : this.deps.encounters.setStatus(session.encounterId, 'paused')
    ).catch(() => undefined);
    this.update({ phase: 'paused', error: asEscribaError(error) });
  }

  /** Capture is on and its status stored: from here, silence from the capture is a failure. */
  private enterRecording(): void {
    this.watchdog.start();
    this.update({ phase: 'recording' });
  }

  /** Stops capture keeping its last samples; the level falls silent with it. */
  private async stopCapture(session: RecordingSession): Promise<void> {
    this.watchdog.stop();
    await session.stopCapture(true);
    this.levels.update({ level: 0 });
  }

  private writeError(session: RecordingSession): EscribaError | undefined {
    return session.writer.blocked ? asEscribaError(session.writer.lastError) : undefined;
  }

  private persist(encounterId: string, status: EncounterStatus, action: AuditAction, detail?: string): Promise<void> {
    return this.deps.encounters.transition(encounterId, status, action, detail);
  }

  private endSession(): void {
    this.watchdog.stop();
    this.stopWatchingPage?.();
    this.stopWatchingPage = null;
    this.releaseLock?.();
    this.releaseLock = null;
    this.session = null;
    this.claimedEncounterId = null;
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const run = this.operations.then(operation);
    this.operations = run.catch(() => undefined);
    return run;
  }

  private update(patch: Partial<RecorderState>): void {
    this.store.update(patch);
  }
}

import { describe, expect, it } from 'vitest';
import { AudioDecodeError } from '../../shared/errors';
import type { ImportOptions, ImportResult } from './importAudio';
import { ImportSession, type ImportView } from './importSession';

/** An import the test drives by hand: progress, then resolve or reject. */
function manualRun() {
  const calls: { options: ImportOptions; resolve: (r: ImportResult) => void; reject: (e: unknown) => void }[] = [];
  const run = (_file: File, options: ImportOptions) =>
    new Promise<ImportResult>((resolve, reject) => calls.push({ options, resolve, reject }));
  return { run, calls };
}

function watch(session: ImportSession): ImportView[] {
  const views: ImportView[] = [];
  session.subscribe(() => views.push(session.getView()));
  return views;
}

const file = new File([new Uint8Array(4)], 'consulta.mp3');

describe('ImportSession', () => {
  it('shows reading, then storing once per whole percent, then returns to idle with the result', async () => {
    const { run, calls } = manualRun();
    const session = new ImportSession(run);
    const views = watch(session);
    const started = session.start(file);
    expect(session.busy).toBe(true);
    const { options, resolve } = calls[0]!;
    options.onProgress?.({ phase: 'reading' });
    for (const fraction of [0, 0.001, 0.004, 0.011, 0.5, 1]) options.onProgress?.({ phase: 'storing', fraction });
    resolve({ outcome: 'imported', encounterId: 'e1' });
    expect(await started).toEqual({ outcome: 'imported', encounterId: 'e1' });
    expect(views.map((v) => (v.phase === 'storing' ? v.percent : v.phase))).toEqual(['reading', 'reading', 0, 1, 50, 100, 'idle']);
    expect(session.busy).toBe(false);
  });

  it('runs one import at a time', async () => {
    const { run, calls } = manualRun();
    const session = new ImportSession(run);
    const first = session.start(file);
    expect(await session.start(file)).toBeUndefined();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve({ outcome: 'cancelled' });
    await first;
  });

  it('cancels through the signal and says "cancelling" until the import has cleaned up', async () => {
    const { run, calls } = manualRun();
    const session = new ImportSession(run);
    const started = session.start(file);
    calls[0]!.options.onProgress?.({ phase: 'storing', fraction: 0.3 });
    session.cancel();
    expect(calls[0]!.options.signal.aborted).toBe(true);
    expect(session.getView()).toEqual({ phase: 'cancelling', fileName: 'consulta.mp3' });
    calls[0]!.options.onProgress?.({ phase: 'storing', fraction: 0.31 });
    expect(session.getView().phase).toBe('cancelling');
    calls[0]!.resolve({ outcome: 'cancelled' });
    expect(await started).toEqual({ outcome: 'cancelled' });
    expect(session.getView()).toEqual({ phase: 'idle' });
  });

  it('keeps a failure to show until it is dismissed or another import starts', async () => {
    const { run, calls } = manualRun();
    const session = new ImportSession(run);
    const failure = new AudioDecodeError('ruido.mp3', 'undecodable');
    const started = session.start(file);
    calls[0]!.reject(failure);
    expect(await started).toBeUndefined();
    expect(session.getView()).toEqual({ phase: 'failed', fileName: 'consulta.mp3', error: failure });
    session.cancel(); // nothing to cancel: the failure stays
    expect(session.getView().phase).toBe('failed');
    session.dismiss();
    expect(session.getView()).toEqual({ phase: 'idle' });
    void session.start(file);
    calls[1]!.reject(failure);
    await Promise.resolve();
    void session.start(file);
    expect(session.getView().phase).toBe('reading');
  });
});

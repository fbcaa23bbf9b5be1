/**
 * Live transcription for the whole app, like the recorder: it lives above the screens so a
 * consultation keeps being transcribed while the doctor looks at another one. It decides which
 * speech model and device to use (useModelChoice), whether this tab is the one that transcribes
 * (useTranscriberLock), runs the service loop, and offers "transcribir de nuevo" per segment.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { spanishMessage } from '../shared/messages';
import { acceptTranscription } from '../speech/hallucination';
import { buildPromptText, glossaryPrompt } from '../speech/promptText';
import { SpeechClient } from '../speech/speechClient';
import type { SpeechEngine, SpeechStatus } from '../speech/speechEngine';
import { createTranscriberStore } from '../speech/transcriberStore';
import { db, transcript, type TranscriptSegment } from '../storage';
import { NoSpeechFoundError, NoSpeechModelError, SpeechNotReadyError } from '../shared/errors';
import { TranscriptionContext, type Transcription, type TranscriptionAvailability } from './transcriptionContext';
import { runTranscriptionService, type ServiceModel } from './transcriptionService';
import { useModelChoice } from './useModelChoice';
import { useTranscriberLock } from './useTranscriberLock';

const IDLE: SpeechStatus = { phase: 'idle', files: [] };
/** «Transcribir de nuevo» tries again this many times when the model is released under it. */
const RETRANSCRIBE_ATTEMPTS = 3;
const store = createTranscriberStore(db);

/** The engine (and its worker) is created only once a speech model is installed and this tab transcribes. */
function useLazyEngine(): { get: () => SpeechEngine; status: SpeechStatus } {
  const engine = useRef<SpeechEngine | null>(null);
  const [, setCreated] = useState(0);
  const get = useCallback((): SpeechEngine => {
    if (engine.current) return engine.current;
    const created = new SpeechClient();
    engine.current = created;
    setCreated((n) => n + 1);
    return created;
  }, []);
  const current = engine.current;
  const status = useSyncExternalStore(
    useCallback((listener: () => void) => current?.subscribe(listener) ?? (() => undefined), [current]),
    () => current?.getStatus() ?? IDLE,
  );
  useEffect(() => () => void engine.current?.dispose(), []);
  return { get, status };
}

export function TranscriptionProvider({ children }: { children: ReactNode }) {
  const { setup, entries, states, choice, saved } = useModelChoice();
  const lock = useTranscriberLock();
  const engine = useLazyEngine();
  const [activeEncounterId, setActive] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const availability = useMemo((): TranscriptionAvailability => {
    if (setup.phase === 'loading') return { kind: 'checking' };
    const chosen = entries.find((e) => e.model.id === choice.speech);
    if (!chosen) {
      const refused = entries.find((e) => e.model.id === saved.speech && !e.row.feasibility.ok);
      return refused && !refused.row.feasibility.ok ? { kind: 'unavailable', message: refused.row.feasibility.message } : { kind: 'no-model' };
    }
    if (lock === 'elsewhere') return { kind: 'other-tab' };
    if (!chosen.row.feasibility.ok || chosen.model.engine !== 'transformers.js') return { kind: 'no-model' };
    return { kind: 'available', modelId: chosen.model.id, device: chosen.row.feasibility.device };
  }, [setup.phase, entries, choice.speech, saved.speech, lock]);

  const serviceModel = useMemo((): ServiceModel | null => {
    if (availability.kind !== 'available') return null;
    const model = entries.find((e) => e.model.id === availability.modelId)?.model;
    return model?.engine === 'transformers.js' ? { model, device: availability.device } : null;
    // A new entries array with the same model and device must not restart the loop.
  }, [availability.kind === 'available' ? `${availability.modelId}:${availability.device}` : availability.kind]);

  useEffect(() => {
    if (!serviceModel || lock !== 'held' || states.get(serviceModel.model.id)?.phase !== 'ready') return;
    const controller = new AbortController();
    setError(null);
    void runTranscriptionService(
      db,
      store,
      engine.get(),
      serviceModel,
      { active: setActive, failed: (e) => setError(spanishMessage(e)) },
      controller.signal,
    );
    return () => {
      controller.abort();
      // A different model or device needs a fresh load; the next run loads again.
      void engine.get().dispose();
    };
  }, [serviceModel, lock, attempt, states.get(serviceModel?.model.id ?? '')?.phase === 'ready']);

  // The model the queue runs now: a retranscription that waited through a restart of the queue
  // (another device, a retry) must load that one, not the one of the render that started it.
  const currentModel = useRef(serviceModel);
  currentModel.current = serviceModel;

  const retranscribe = useCallback(
    async (segment: TranscriptSegment) => {
      const samples = await store.readSamples(segment.encounterId, segment.startSample, segment.endSample - segment.startSample);
      const previousText = await store.textBefore(segment.encounterId, segment.startSample);
      const encounter = await store.encounter(segment.encounterId);
      const templateId = await store.preferredTemplateId();
      const prompt = buildPromptText({ previousText, reason: encounter?.reason, templateId });
      const glossary = glossaryPrompt({ reason: encounter?.reason, templateId });
      const speech = engine.get();
      // Pressed while the queue loads the model (after a reload, say), this joins that load; if the
      // queue restarts meanwhile and releases it, it tries again on the model loaded next.
      for (let attempt = 1; ; attempt++) {
        const model = currentModel.current;
        if (!model) throw new NoSpeechModelError('No hay un modelo de voz disponible');
        try {
          if (speech.getStatus().phase !== 'ready') await speech.load(model);
          const { text, device } = await speech.transcribe(samples, { prompt });
          const accepted = acceptTranscription(text, { ...utteranceShape(samples, segment) }, glossary);
          if (accepted === null) throw new NoSpeechFoundError('Sin habla reconocible en el segmento');
          await transcript.retranscribed(segment.id, accepted, { modelId: model.model.id, device });
          return;
        } catch (error) {
          if (!(error instanceof SpeechNotReadyError) || attempt >= RETRANSCRIBE_ATTEMPTS) throw error;
        }
      }
    },
    [engine.get],
  );

  const value = useMemo<Transcription>(
    () => ({
      availability,
      speech: engine.status,
      activeEncounterId,
      error,
      retranscribe,
      retry: () => setAttempt((n) => n + 1),
    }),
    [availability, engine.status, activeEncounterId, error, retranscribe],
  );
  return <TranscriptionContext.Provider value={value}>{children}</TranscriptionContext.Provider>;
}

/** A stored segment's audio judged like a fresh utterance (its level decides the silence filter). */
function utteranceShape(samples: Float32Array, segment: TranscriptSegment) {
  let sumSquares = 0;
  for (const s of samples) sumSquares += s * s;
  const rms = samples.length ? Math.sqrt(sumSquares / samples.length) : 0;
  // The doctor chose this segment because it holds speech: count all of it as speech.
  return { startSample: segment.startSample, endSample: segment.endSample, samples: new Float32Array(0), speechRatio: 1, rms, end: 'pause' as const };
}

/**
 * The app's one text model, like the transcriber: it lives above the screens, decides which LLM to
 * use (the doctor's choice in Modelos, else the recommendation: useModelChoice) and on which
 * device, and creates the engine (the note worker's client) only when a note is first generated,
 * so a doctor who never generates never starts the worker. Loading happens on demand too
 * (noteEngineContext.ts `loadedEngine`); a different model or device releases the old one.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { NoteEngine, NoteEngineStatus } from '../notes/engine/noteEngine';
import { createNoteEngine } from '../notes/engine/noteClient';
import {
  DEFAULT_CONTEXT_WINDOW_TOKENS,
  IDLE_NOTE_ENGINE,
  NoteEngineContext,
  type NoteEngineAccess,
  type NoteEngineAvailability,
} from './noteEngineContext';
import { useModelChoice } from './useModelChoice';

export function NoteEngineProvider({ children }: { children: ReactNode }) {
  const { setup, entries, states, choice, saved } = useModelChoice();
  const engine = useRef<NoteEngine | null>(null);
  const [created, setCreated] = useState<NoteEngine | null>(null);

  const availability = useMemo((): NoteEngineAvailability => {
    if (setup.phase === 'loading') return { kind: 'checking' };
    const chosen = entries.find((e) => e.model.id === choice.llm);
    if (!chosen) {
      const refused = entries.find((e) => e.model.id === saved.llm && !e.row.feasibility.ok);
      return refused && !refused.row.feasibility.ok ? { kind: 'unavailable', message: refused.row.feasibility.message } : { kind: 'no-model' };
    }
    if (!chosen.row.feasibility.ok || states.get(chosen.model.id)?.phase !== 'ready') return { kind: 'no-model' };
    return {
      kind: 'available',
      model: chosen.model,
      device: chosen.row.feasibility.device,
      contextWindowTokens: chosen.model.contextWindowTokens ?? DEFAULT_CONTEXT_WINDOW_TOKENS,
    };
  }, [setup.phase, entries, states, choice.llm, saved.llm]);

  const available = availability.kind === 'available';
  const getEngine = useCallback((): NoteEngine | null => {
    if (!available) return null;
    if (!engine.current) {
      engine.current = createNoteEngine();
      setCreated(engine.current);
    }
    return engine.current;
  }, [available]);

  // Another model or device: free the loaded one (GPU memory); the next note loads the new one.
  const loadedKey = availability.kind === 'available' ? `${availability.model.id}:${availability.device}` : null;
  // The engine is created after this effect runs, so the cleanup reads the ref when it fires (also on unmount).
  useEffect(() => () => void engine.current?.dispose(), [loadedKey]);

  const status = useSyncExternalStore(
    useCallback((listener: () => void) => created?.subscribe(listener) ?? (() => undefined), [created]),
    (): NoteEngineStatus => created?.getStatus() ?? IDLE_NOTE_ENGINE,
  );

  const value = useMemo<NoteEngineAccess>(() => ({ availability, status, engine: getEngine }), [availability, status, getEngine]);
  return <NoteEngineContext.Provider value={value}>{children}</NoteEngineContext.Provider>;
}

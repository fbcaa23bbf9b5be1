/**
 * The consultation's one audio player, shared by the Audio card (which owns the `<audio>` element)
 * and the transcript (which plays it from a segment's start). A handle, not React state: seeking
 * must not re-render the screen, and a click must reach the element the card shows rather than a
 * second player.
 */
import { createContext, useContext } from 'react';

/** Why there is nothing to play from: the transcript tells the doctor instead of failing silently. */
export type PlayRefusal =
  /** This tab or another one is capturing: the stored audio grows every second (see Playback). */
  | 'capturing'
  | 'no-audio'
  /** The audio could not be assembled or decoded for playback. */
  | 'failed'
  /** The retention setting deleted this consultation's audio (storage/retention.ts). */
  | 'audio-deleted';

export type PlayOutcome = 'playing' | PlayRefusal;

/** The part of HTMLAudioElement the player uses, so tests can stand in for it. */
export type PlayableElement = Pick<
  HTMLMediaElement,
  'readyState' | 'currentTime' | 'play' | 'addEventListener' | 'removeEventListener'
>;

export interface Player {
  /** Playback's ref callback for its `<audio>` (null when it unmounts). Stable identity. */
  attach(element: PlayableElement | null): void;
  /** Playback says why nothing can play (null: the element it attached can). */
  setRefusal(refusal: PlayRefusal | null): void;
  /** Seeks to `ms` and plays, waiting for the audio's metadata if it is still being prepared. */
  playFrom(ms: number): Promise<PlayOutcome>;
}

/** HTMLMediaElement.HAVE_METADATA, spelled out so this module runs where the DOM does not. */
const HAVE_METADATA = 1;

export function createPlayer(): Player {
  let element: PlayableElement | null = null;
  let refusal: PlayRefusal | null = 'no-audio';
  // A click made while the WAV is being built waits for it; these end such waits early when the
  // player goes away (recording resumed) or its audio fails.
  const waits = new Set<(outcome: PlayRefusal) => void>();
  const endWaits = (outcome: PlayRefusal) => {
    for (const end of [...waits]) end(outcome);
  };

  const metadata = (target: PlayableElement) =>
    new Promise<PlayRefusal | null>((resolve) => {
      const finish = (outcome: PlayRefusal | null) => {
        target.removeEventListener('loadedmetadata', onLoaded);
        target.removeEventListener('error', onError);
        waits.delete(finish);
        resolve(outcome);
      };
      const onLoaded = () => finish(null);
      const onError = () => finish('failed');
      target.addEventListener('loadedmetadata', onLoaded);
      target.addEventListener('error', onError);
      waits.add(finish);
    });

  return {
    attach(next) {
      if (next === element) return;
      element = next;
      if (!next) endWaits(refusal ?? 'no-audio');
    },
    setRefusal(next) {
      refusal = next;
      if (next) endWaits(next);
    },
    async playFrom(ms) {
      if (refusal) return refusal;
      const target = element;
      if (!target) return 'no-audio';
      if (target.readyState < HAVE_METADATA) {
        const blocked = await metadata(target);
        if (blocked) return blocked;
        if (target !== element) return refusal ?? 'no-audio';
      }
      target.currentTime = ms / 1000;
      try {
        await target.play();
        return 'playing';
      } catch {
        return 'failed';
      }
    },
  };
}

export const PlayerContext = createContext<Player | null>(null);

export function usePlayer(): Player {
  const player = useContext(PlayerContext);
  if (!player) throw new Error('usePlayer outside PlayerContext');
  return player;
}

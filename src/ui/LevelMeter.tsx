/**
 * Peak level of the microphone, 0..1, shown on a perceptual (dB) scale so speech moves the bar.
 *
 * The level changes with every audio post (~10 a second), so the meter reads it from its source
 * itself rather than through a parent's props: only the meter re-renders, and only when the
 * percentage it shows changes.
 */
import { useSyncExternalStore } from 'react';

const FLOOR_DB = -60;

interface Props {
  /** Stable across renders (a bound method): a new function would resubscribe every render. */
  subscribe: (onChange: () => void) => () => void;
  getLevel: () => number;
}

export function levelPercent(level: number): number {
  const db = level > 0 ? 20 * Math.log10(level) : FLOOR_DB;
  return Math.round(Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB)) * 100);
}

export function LevelMeter({ subscribe, getLevel }: Props) {
  const percent = useSyncExternalStore(subscribe, () => levelPercent(getLevel()));
  return (
    <div
      className="level-meter"
      role="meter"
      aria-label="Nivel de audio"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="level-meter-fill" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}

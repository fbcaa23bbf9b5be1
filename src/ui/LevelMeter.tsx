/** Peak level of the microphone, 0..1, shown on a perceptual (dB) scale so speech moves the bar. */
const FLOOR_DB = -60;

export function LevelMeter({ level }: { level: number }) {
  const db = level > 0 ? 20 * Math.log10(level) : FLOOR_DB;
  const fraction = Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB));
  return (
    <div
      className="level-meter"
      role="meter"
      aria-label="Nivel de audio"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)}
    >
      <div className="level-meter-fill" style={{ transform: `scaleX(${fraction})` }} />
    </div>
  );
}

import { useEffect, useId, useState } from 'react';
import {
  AUDIO_RETENTION_SETTING,
  LAST_RETENTION_RUN_SETTING,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  retentionDays,
  retentionSummary,
  settings,
  type RetentionSummary,
} from '../storage';
import { countOf, formatBytes, formatDateTime } from '../ui/format';
import { useSetting } from './data';

const DEFAULT_DAYS = 30;

/**
 * «Conservación del audio»: the retention setting «Borrar el audio después de N días», off by
 * default. It is applied each time Escriba opens (storage/retention.ts); the card says what the
 * last run did, so the doctor sees the setting at work.
 */
export function AudioRetentionSetting() {
  const stored = useSetting(AUDIO_RETENTION_SETTING);
  const last = retentionSummary(useSetting(LAST_RETENTION_RUN_SETTING));
  const days = retentionDays(stored);
  const [draft, setDraft] = useState(String(days ?? DEFAULT_DAYS));
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { label: useId(), days: useId(), unit: useId() };

  // Another tab (or the first load) changed the stored value: show it.
  useEffect(() => {
    if (days !== null) setDraft(String(days));
  }, [days]);

  const save = async (value: number | null) => {
    try {
      await settings.set(AUDIO_RETENTION_SETTING, value);
      setProblem(null);
    } catch {
      setProblem('No se pudo guardar el ajuste. Vuelva a intentarlo.');
    }
  };
  const parsedDraft = () => retentionDays(Number(draft.trim()) || Number.NaN);

  const toggle = (on: boolean) => {
    if (!on) return void save(null);
    const value = parsedDraft();
    if (value === null) return setProblem(rangeProblem());
    void save(value);
  };
  const changeDays = (text: string) => {
    setDraft(text);
    const value = retentionDays(Number(text.trim()) || Number.NaN);
    if (value === null) return setProblem(rangeProblem());
    setProblem(null);
    if (days !== null && value !== days) void save(value);
  };

  return (
    <section className="card retention" aria-labelledby="retention-title">
      <h2 id="retention-title">Conservación del audio</h2>
      <div className="retention-setting">
        <input
          type="checkbox"
          checked={days !== null}
          aria-labelledby={`${ids.label} ${ids.days} ${ids.unit}`}
          onChange={(event) => toggle(event.target.checked)}
        />
        <span id={ids.label}>Borrar el audio después de</span>
        <input
          id={ids.days}
          type="number"
          inputMode="numeric"
          min={MIN_RETENTION_DAYS}
          max={MAX_RETENTION_DAYS}
          step={1}
          value={draft}
          aria-label="Días que se conserva el audio"
          aria-invalid={problem !== null}
          onChange={(event) => changeDays(event.target.value)}
        />
        <span id={ids.unit}>días</span>
      </div>
      {problem && (
        <p role="alert" className="alert alert-error">
          {problem}
        </p>
      )}
      <p className="hint">
        Se aplica cada vez que se abre Escriba, a las consultas con más días que esos desde que se crearon. La transcripción y las
        notas se conservan. No se borra el audio de una consulta que no terminó de grabarse o de transcribirse.
      </p>
      {last && <p className="hint" role="status">{lastRunText(last)}</p>}
    </section>
  );
}

function rangeProblem(): string {
  return `Escriba un número entero de días entre ${MIN_RETENTION_DAYS} y ${MAX_RETENTION_DAYS}. No se cambió el ajuste.`;
}

export function lastRunText(run: RetentionSummary): string {
  const deleted =
    run.deletedCount === 0
      ? 'no había audio para borrar'
      : `se borró el audio de ${countOf(run.deletedCount, 'consulta', 'consultas')} (${formatBytes(run.deletedBytes)})`;
  const kept = run.kept === 0 ? '' : `; se conservó el de ${countOf(run.kept, 'consulta', 'consultas')} sin terminar de grabar o de transcribir`;
  return `Última aplicación (${run.days} días): ${formatDateTime(run.at)}, ${deleted}${kept}.`;
}

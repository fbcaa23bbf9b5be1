import type { ModelFacts } from '../app/modelEntries';
import { downloadSizeText, gpuMemoryText, licenseLabel } from './modelFacts';
import type { ReactNode } from 'react';

export interface ModelRow extends ModelFacts {
  /** Download state and controls, supplied by the screen. */
  actions?: ReactNode;
}

const TASK_LABELS = { speech: 'Transcripción', llm: 'Redacción de notas' } as const;

export function ModelList({ title, rows }: { title: string; rows: ModelRow[] }) {
  return (
    <section className="card" aria-labelledby={`models-${title}`}>
      <h2 id={`models-${title}`}>{title}</h2>
      {rows.length === 0 && <p className="hint">Este catálogo no ofrece modelos para esta tarea.</p>}
      <ul aria-label={title} className="model-list">
        {rows.map(({ model, feasibility, size, vramMB, recommended, actions }) => (
          <li key={model.id} className="model-row">
            <div>
              <p className="model-name">
                {model.name} {recommended && <span className="status-badge status-recorded">Recomendado</span>}{' '}
                {model.experimental && <span className="status-badge">Experimental</span>}
              </p>
              <p className="hint">
                {TASK_LABELS[model.task]} · {model.description}
              </p>
              <p className="hint">
                {/* Before anything is downloaded: what the catalogue knows, and what only the download will tell. */}
                {[downloadSizeText(size), gpuMemoryText(vramMB), licenseLabel(model.license)].filter(Boolean).join(' · ')}
              </p>
              {!feasibility.ok && <p className="model-refusal">No se puede usar en esta computadora: {feasibility.message}</p>}
            </div>
            <div className="model-actions">{actions}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

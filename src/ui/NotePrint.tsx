import { createPortal } from 'react-dom';
import type { ClinicalNote } from '../notes/noteSchema';
import type { Professional } from '../storage/settings';
import type { NoteFinding, NoteTemplateSnapshot } from '../storage/types';
import { formatDateTime } from './format';
import { noteGroups, noteSections } from './NoteLines';
import './print.css';

interface Props {
  note: ClinicalNote;
  template: Pick<NoteTemplateSnapshot, 'name' | 'sections'>;
  versionNumber: number;
  signedAt: number | undefined;
  patientLabel: string;
  reason: string;
  consultationAt: number;
  professional: Professional | undefined;
  /** Open «Revisar» flags: printed under their items, as «Copiar nota» carries them. */
  flags: readonly NoteFinding[];
}

const NO_DATA = 'Sin datos en la consulta.';

/** NotePrintPage, portalled into <body> beside the app (print.css shows only it on paper). */
export function NotePrint(props: Props) {
  return createPortal(<NotePrintPage {...props} />, document.body);
}

/**
 * The note as it prints: a page for the clinical record with the doctor's and the patient's
 * header, the date, the sections and lists as the screen shows them (NoteLines), the open
 * «Revisar» marks, and a signature line. An unsigned version prints with a BORRADOR watermark on
 * every page. Shown only by print CSS (print.css), so «Imprimir», the browser's own Ctrl+P and a
 * PDF printer all get this page.
 */
export function NotePrintPage(props: Props) {
  const draft = props.signedAt === undefined;
  const marks = new Map<string, NoteFinding[]>();
  for (const flag of props.flags) marks.set(flag.path, [...(marks.get(flag.path) ?? []), flag]);
  const markLines = (path: string, labelled = false) =>
    (marks.get(path) ?? []).map((flag) => (
      <span key={`${flag.path}-${flag.reason}`} className="note-print-mark">
        [REVISAR: {labelled ? `${flag.label}: ` : ''}
        {flag.reason}]
      </span>
    ));
  // Empty lists stay off paper, but for allergies: «no se registró» must not read as «none».
  const groups = noteGroups(props.note).filter((group) => group.lines.length > 0 || group.id === 'allergies');
  const name = props.professional?.name ?? '';
  const license = props.professional?.license ?? '';

  return (
    <article className="note-print" lang="es-AR">
      {draft && (
        <div className="note-print-watermark" aria-hidden="true">
          BORRADOR
        </div>
      )}
      <header className="note-print-header">
        <h1>Nota de consulta · {props.template.name}</h1>
        {draft && <p className="note-print-draft">BORRADOR: nota sin firmar</p>}
        <dl className="note-print-details">
          <Detail term="Profesional" value={name} />
          <Detail term="Matrícula" value={license} />
          <Detail term="Paciente" value={props.patientLabel.trim()} />
          <Detail term="Fecha" value={formatDateTime(props.consultationAt)} />
          {props.reason.trim() && <Detail term="Motivo de consulta" value={props.reason.trim()} wide />}
        </dl>
        {props.flags.length > 0 && (
          <p className="note-print-pending">
            REVISAR: {props.flags.length === 1 ? '1 elemento pendiente' : `${props.flags.length} elementos pendientes`} de revisión,
            marcados con [REVISAR: …].
          </p>
        )}
      </header>
      {noteSections(props.note, props.template).map(({ id, title, line }) => (
        <section key={id} className="note-print-section">
          <h2>{title}</h2>
          {(line.text || NO_DATA).split('\n').map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
          {markLines(line.path)}
        </section>
      ))}
      {groups.map((group) => (
        <section key={group.id} className="note-print-section">
          <h2>{group.title}</h2>
          {group.lines.length === 0 && <p>No se registró.</p>}
          <ul>
            {group.lines.map((line) => (
              <li key={line.path}>
                {line.text}
                {markLines(line.path, group.id === 'vitals')}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <footer className="note-print-signature">
        <p>
          {props.signedAt === undefined ? 'Sin firmar' : `Firmada en Escriba el ${formatDateTime(props.signedAt)}`} · Versión{' '}
          {props.versionNumber}
        </p>
        <div className="note-print-sign-line" />
        <p>Firma y sello{name ? ` · ${name}` : ''}{license ? ` · Matrícula ${license}` : ''}</p>
      </footer>
    </article>
  );
}

function Detail({ term, value, wide = false }: { term: string; value: string; wide?: boolean }) {
  return (
    <div className={wide ? 'note-print-wide' : undefined}>
      <dt>{term}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
}

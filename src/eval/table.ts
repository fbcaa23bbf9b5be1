/**
 * The human half of `npm run eval`'s output: a fixed-width table, one row per case and a total,
 * followed by what each case got wrong, and the case files that could not be read. The header
 * says which models produced the figures, and says so loudly when one is a fixture.
 */
import type { CaseReport, EvalReport } from './report';

interface Column {
  title: string;
  width: number;
  cell(row: CaseReport | EvalReport['overall'], isTotal: boolean): string;
}

const dash = '—';
const decimal = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? dash : value.toFixed(digits).replace('.', ','));
const percent = (value: number | null | undefined) => (value === null || value === undefined ? dash : `${Math.round(value * 100)} %`);

const COLUMNS: Column[] = [
  { title: 'WER', width: 6, cell: (r) => percent(r.wer) },
  { title: 'Med', width: 5, cell: (r) => decimal(r.f1.medications) },
  { title: 'Alerg', width: 5, cell: (r) => decimal(r.f1.allergies) },
  { title: 'Dx', width: 5, cell: (r) => decimal(r.f1.diagnoses) },
  { title: 'Signos', width: 6, cell: (r) => decimal(r.f1.vitals) },
  { title: 'Estud', width: 5, cell: (r) => decimal(r.f1.orders) },
  { title: 'Deriv', width: 5, cell: (r) => decimal(r.f1.referrals) },
  { title: 'Ctrl', width: 5, cell: (r) => decimal(r.f1.followUp) },
  { title: 'F1', width: 5, cell: (r) => decimal(r.f1.overall) },
  { title: 'Inv', width: 4, cell: (r) => String(r.invented) },
  { title: 'Neg+', width: 4, cell: (r) => String(r.negatedAsPresent) },
  { title: 'Proh', width: 4, cell: (r) => String(r.mustNotContainViolations) },
  {
    title: 'Nota',
    width: 5,
    cell: (r, total) => (total ? percent((r as EvalReport['overall']).validNoteRate) : (r as CaseReport).validNote ? 'sí' : 'NO'),
  },
  { title: 'InvRev', width: 6, cell: (r) => percent(r.flaggedInventedShare) },
  { title: 'OkRev', width: 6, cell: (r) => percent(r.flaggedCorrectShare) },
  { title: 'Roles', width: 6, cell: (r) => percent(r.roleAccuracy) },
  {
    title: 's nota',
    width: 7,
    cell: (r, total) => {
      if (total) {
        const t = (r as EvalReport['overall']).timings;
        return decimal(t.meanStopToNoteSeconds ?? t.meanNoteSeconds, 1);
      }
      const t = (r as CaseReport).timings;
      return decimal(t.stopToNoteSeconds ?? t.noteSeconds, 1);
    },
  },
  {
    title: 'tok/s',
    width: 6,
    cell: (r, total) => decimal(total ? (r as EvalReport['overall']).timings.meanTokensPerSecond : (r as CaseReport).timings.tokensPerSecond, 1),
  },
  {
    title: 'RTF',
    width: 5,
    cell: (r, total) => decimal(total ? (r as EvalReport['overall']).timings.realTimeFactor : (r as CaseReport).timings.realTimeFactor, 2),
  },
];

const LEGEND = [
  'WER: errores de palabras de la transcripción (solo modo audio). Med…F1: F1 por campo (medicamentos con dosis, frecuencia y acción;',
  'alergias; diagnósticos con certeza; signos vitales; estudios; derivaciones; control) y de todos juntos. Inv: ítems inventados.',
  'Neg+: hallazgos negados dados como presentes. Proh: frases prohibidas presentes. Nota: la consulta terminó con una nota válida',
  '(TOTAL: % de consultas; el JSON da además validAnswerRate, las respuestas del modelo válidas antes del reintento de la app).',
  'InvRev / OkRev: inventados / correctos marcados «Revisar». Roles: segmentos con el rol de quien habla correcto.',
  's nota: segundos de «Generar nota» (modo audio: de «Detener») a la nota guardada o al error. tok/s: según el motor. RTF: segundos de',
  'cómputo de voz por segundo de audio.',
];

function pad(text: string, width: number, left = false): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return left ? cut.padEnd(width) : cut.padStart(width);
}

const MAX_DETAIL_LINES = 8;

function details(c: CaseReport): string[] {
  const lines = [
    ...(c.error ? [`sin nota: ${c.error}`] : []),
    ...c.negatedAsPresentItems.map((x) => `negado como presente: ${x}`),
    ...c.mustNotContainItems.map((x) => `prohibido: ${x}`),
    ...c.wrongItems.map((x) => `error: ${x}`),
    ...c.inventedItems.map((x) => `inventado: ${x}`),
    ...c.missedItems.map((x) => `falta: ${x}`),
    ...c.warnings.map((x) => `aviso: ${x}`),
  ];
  if (lines.length <= MAX_DETAIL_LINES) return lines;
  return [...lines.slice(0, MAX_DETAIL_LINES), `… y ${lines.length - MAX_DETAIL_LINES} más (ver el JSON)`];
}

export function renderTable(report: EvalReport): string {
  const nameWidth = Math.max(8, ...report.cases.map((c) => c.name.length), 'TOTAL'.length);
  const describe = (m: { id: string; name: string; fixture: boolean } | null) =>
    m ? `${m.name} [${m.id}]${m.fixture ? ' (modelo de prueba)' : ''}` : dash;
  const out: string[] = [
    `Escriba · evaluación · modo ${report.mode === 'text' ? 'texto' : 'audio'} · plantilla ${report.template} · ${report.cases.length} casos de ${report.casesDir} · ${report.startedAt}`,
    `Modelo de notas: ${describe(report.models.note)} · Modelo de voz: ${describe(report.models.speech)}`,
  ];
  if (report.fixture) {
    out.push('*** MODELOS DE PRUEBA: estas cifras miden la plomería de Escriba, no la calidad de ningún modelo. ***');
  }
  out.push('');
  const header = [pad('Caso', nameWidth, true), ...COLUMNS.map((c) => pad(c.title, c.width))].join(' ');
  out.push(header, '-'.repeat(header.length));
  for (const c of report.cases) out.push([pad(c.name, nameWidth, true), ...COLUMNS.map((col) => pad(col.cell(c, false), col.width))].join(' '));
  out.push('-'.repeat(header.length));
  out.push([pad('TOTAL', nameWidth, true), ...COLUMNS.map((col) => pad(col.cell(report.overall, true), col.width))].join(' '));
  out.push('', ...LEGEND);

  const withDetails = report.cases.map((c) => [c.name, details(c)] as const).filter(([, lines]) => lines.length > 0);
  if (withDetails.length > 0) {
    out.push('', 'Detalle por caso:');
    for (const [name, lines] of withDetails) out.push(`  ${name}`, ...lines.map((l) => `    - ${l}`));
  }
  if (report.caseErrors.length > 0) {
    out.push('', 'Casos que no se pudieron leer (no se evaluaron):');
    for (const e of report.caseErrors) out.push(...e.problems.map((p) => `  - ${p}`));
  }
  if (report.networkViolations.length > 0) {
    out.push('', '¡La app intentó conectarse fuera de esta computadora! (pedidos bloqueados):');
    for (const url of report.networkViolations) out.push(`  - ${url}`);
  }
  out.push('', `Tiempo total: ${decimal(report.seconds, 0)} s.`);
  return out.join('\n');
}

import { useDeferredValue, useMemo, useState } from 'react';
import { noteErrorMessage } from '../notes/generateNoteErrors';
import { groundStoredNote, segmentTimeLabels } from '../notes/generateNoteGrounding';
import { emptyNote, type ClinicalNote } from '../notes/noteSchema';
import { noteToPlainText } from '../notes/plainText';
import { notes, noteContent, type Encounter, type NoteFinding, type NoteTemplateSnapshot, type NoteVersion } from '../storage';
import { Alert } from '../ui/Alert';
import { NoteEditor } from '../ui/NoteEditor';
import { NoteGenerateBar } from '../ui/NoteGenerateBar';
import { NoteToolbar } from '../ui/NoteToolbar';
import { NoteVersions, versionLabel } from '../ui/NoteVersions';
import { NoteView } from '../ui/NoteView';
import { TemplateManager } from '../ui/TemplateManager';
import { useTranscript } from './data';
import { clearEvidence, highlightEvidence, useEvidenceSource } from './evidence';
import { preferTemplate, useNoteVersions, usePreferredTemplateId, useTemplates } from './noteData';
import { useNoteEngine } from './noteEngineContext';
import { NoteOutputs } from './NoteOutputs';
import { blockedReason, openFlags, outcomeText, reviewsFor, runView, templateActions } from './notePanelParts';
import { usePlayer } from './player';
import { useDisplayStatus } from './useDisplayStatus';
import { useNoteGeneration } from './useNoteGeneration';

type Mode = 'view' | 'edit' | 'correct' | 'write';

/**
 * The consultation's note ("Nota"): choose a template and generate, read the note with its
 * "Revisar" marks and evidence links, edit it, regenerate a section, sign it, copy it, and see its
 * versions. Everything shown comes from storage; only a generation in progress lives in memory.
 */
export function NotePanel({ encounter }: { encounter: Encounter }) {
  const versions = useNoteVersions(encounter.id);
  const segments = useTranscript(encounter.id);
  const templates = useTemplates();
  const preferred = usePreferredTemplateId();
  const access = useNoteEngine();
  const generation = useNoteGeneration(encounter.id);
  const player = usePlayer();
  const status = useDisplayStatus()(encounter);
  const selected = useEvidenceSource(encounter.id);
  const [picked, setPicked] = useState<string | null>(null);
  const [viewingId, setViewingId] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [templatesOpen, setTemplatesOpen] = useState(false);
  // What the engine says after recovering from a lost GPU; the doctor can put it away.
  const notice = access.status.notice;
  const [dismissedNotice, setDismissedNotice] = useState<string | null>(null);

  const latest = versions?.at(-1);
  const shown = (viewingId && versions?.find((v) => v.id === viewingId)) || latest;
  const templateId = picked ?? latest?.template?.id ?? preferred;
  const chosen = templates?.find((t) => t.id === templateId) ?? templates?.[0];
  // Stable identities: grounding below re-runs only when the note, template or transcript change.
  const chosenSnapshot = useMemo<NoteTemplateSnapshot | undefined>(
    () => chosen && { id: chosen.id, name: chosen.name, sections: chosen.sections },
    [chosen],
  );
  const shownTemplate = shown?.template ?? chosenSnapshot ?? NO_TEMPLATE;

  const read = useMemo(() => readVersion(shown), [shown]);
  // Grounding a long transcript takes tens of milliseconds: let typing and recording stay ahead of it.
  const deferredSegments = useDeferredValue(segments);
  const findings = useMemo(
    () => (read.note && deferredSegments ? groundStoredNote(read.note, deferredSegments, shownTemplate) : []),
    [read.note, deferredSegments, shownTemplate],
  );
  const reviews = useMemo(() => reviewsFor(shown, read.note, findings), [shown, read.note, findings]);
  // Signing lists the open flags to confirm: only once grounding has read the transcript as it is now.
  const groundingCurrent = deferredSegments !== undefined && deferredSegments === segments;
  const flags = useMemo(
    () => (shown && read.note && groundingCurrent ? openFlags(shown, read.note, findings) : null),
    [shown, read.note, findings, groundingCurrent],
  );
  const labels = useMemo(() => segmentTimeLabels(segments ?? []), [segments]);

  const running = generation.job.kind === 'running';
  const signed = latest?.signedAt !== undefined;
  const isLatest = shown?.id === latest?.id;
  const editable = mode === 'view' && isLatest && !running;
  const blocked = blockedReason({ availability: access.availability, segments: segments?.length ?? 0, signed, editing: mode !== 'view' });
  const canRegenerate = editable && !signed && access.availability.kind === 'available' && (segments?.length ?? 0) > 0;

  const chooseTemplate = (id: string) => {
    setPicked(id);
    void preferTemplate(id);
  };
  const generate = () => {
    if (!chosenSnapshot || !segments) return;
    setViewingId(null);
    clearEvidence();
    generation.generate(chosenSnapshot, segments);
  };
  const saveAs = (write: (note: ClinicalNote) => Promise<NoteVersion>) => async (note: ClinicalNote) => {
    try {
      await write(note);
      setMode('view');
      setViewingId(null);
      return null;
    } catch (error) {
      return noteErrorMessage(error);
    }
  };

  const evidenceActions = useMemo(
    () => ({
      select: (line: { path: string; evidence: readonly string[] } | null) =>
        line ? highlightEvidence(encounter.id, line.path, line.evidence) : clearEvidence(),
      describe: (evidence: readonly string[]) => evidence.map((id) => labels.get(id) ?? 'un fragmento que ya no existe').join(', '),
      play: async (evidence: readonly string[]) => {
        const starts = (segments ?? []).filter((s) => evidence.includes(s.id)).map((s) => s.startMs);
        if (starts.length === 0) return 'Los fragmentos citados ya no están en la transcripción.';
        const outcome = await player.playFrom(Math.min(...starts));
        return PLAY_REFUSALS[outcome];
      },
    }),
    [encounter.id, labels, segments, player],
  );

  return (
    <section className="card note" aria-labelledby="note-title">
      <h2 id="note-title">Nota</h2>
      {templates && chosen ? (
        <NoteGenerateBar
          templates={templates}
          templateId={chosen.id}
          onTemplate={chooseTemplate}
          blocked={blocked}
          generateLabel={latest ? 'Generar de nuevo' : 'Generar nota'}
          onGenerate={generate}
          running={running ? runView(generation.job, access.status, shownTemplate) : null}
          onCancel={generation.cancel}
          outcome={outcomeText(generation.job, status === 'recording' && blocked === null)}
          templatesOpen={templatesOpen}
          onToggleTemplates={() => setTemplatesOpen((open) => !open)}
        />
      ) : (
        <p className="hint">Cargando plantillas…</p>
      )}
      {generation.job.kind === 'failed' && <Alert message={generation.job.message} onDismiss={generation.dismiss} />}
      {notice && notice !== dismissedNotice && (
        <Alert tone="warning" message={notice} onDismiss={() => setDismissedNotice(notice)} />
      )}
      {templatesOpen && templates && (
        <TemplateManager templates={templates} actions={templateActions} onClose={() => setTemplatesOpen(false)} />
      )}
      {read.error && <Alert message={read.error} />}
      {versions === undefined ? (
        <p className="note-empty">Cargando nota…</p>
      ) : mode === 'write' && chosenSnapshot ? (
        <NoteEditor
          note={emptyNote(chosenSnapshot)}
          template={chosenSnapshot}
          saveLabel="Guardar nota"
          onSave={saveAs((note) => notes.saveClinicianEdit(encounter.id, note, { template: chosenSnapshot }))}
          onCancel={() => setMode('view')}
        />
      ) : !shown || !read.note ? (
        <div className="note-empty">
          <p>{running ? 'La nota aparecerá aquí cuando esté lista.' : 'Todavía no hay nota. Elija una plantilla y presione «Generar nota».'}</p>
          <button type="button" className="quiet" onClick={() => setMode('write')} disabled={running || !chosenSnapshot}>
            Escribir la nota a mano
          </button>
        </div>
      ) : mode === 'edit' || mode === 'correct' ? (
        <NoteEditor
          note={read.note}
          template={shownTemplate}
          saveLabel={mode === 'correct' ? 'Guardar corrección' : 'Guardar versión'}
          onSave={saveAs((note) =>
            mode === 'correct'
              ? notes.addCorrection(encounter.id, note, { basedOn: shown.version })
              : notes.saveClinicianEdit(encounter.id, note, { basedOn: shown.version }),
          )}
          onCancel={() => setMode('view')}
        />
      ) : (
        <>
          <NoteToolbar
            label={versionLabel(shown)}
            signedAt={shown.signedAt}
            older={!isLatest}
            onLatest={() => setViewingId(null)}
            onEdit={editable && !signed ? () => setMode('edit') : null}
            onSign={editable && !signed ? (confirmed) => signLatest(encounter.id, shown, confirmed) : null}
            onCorrect={editable && signed ? () => setMode('correct') : null}
            flags={flags}
            plainText={() => {
              // Grounded afresh at the click: the copy carries the flags of the transcript as it is now.
              if (!segments || !read.note) return null;
              const open = openFlags(shown, read.note, groundStoredNote(read.note, segments, shownTemplate));
              const text = noteToPlainText(read.note, shownTemplate, {
                patientLabel: encounter.patientLabel,
                date: new Date(encounter.createdAt),
                draft: shown.signedAt === undefined,
                flags: open,
              });
              return { text, flags: open.length };
            }}
          />
          <NoteOutputs encounter={encounter} version={shown} versions={versions} note={read.note} template={shownTemplate} flags={flags} />
          {reviews.size > 0 && (
            <p className="note-review-summary">
              {reviews.size === 1 ? '1 elemento para revisar' : `${reviews.size} elementos para revisar`}: compárelos con lo dicho antes de firmar.
            </p>
          )}
          {shown.signedAt !== undefined && flags !== null && flags.length > 0 && (
            <p className="note-review-summary">
              {flags.length === 1 ? '1 elemento marcado «Revisar» no se confirmó' : `${flags.length} elementos marcados «Revisar» no se confirmaron`}{' '}
              al firmar: «Copiar nota» los incluye marcados.
            </p>
          )}
          <NoteView
            note={read.note}
            template={shownTemplate}
            reviews={reviews}
            selected={selected}
            actions={evidenceActions}
            sectionAction={
              canRegenerate
                ? (sectionId, title) => (
                    <button
                      type="button"
                      className="quiet"
                      aria-label={`Regenerar sección ${title}`}
                      onClick={() => generation.regenerate(shown, read.note!, shownTemplate, sectionId, segments ?? [])}
                    >
                      Regenerar sección
                    </button>
                  )
                : undefined
            }
          />
          <NoteVersions versions={versions} shownId={shown.id} onShow={(v) => setViewingId(v.id === latest?.id ? null : v.id)} />
        </>
      )}
    </section>
  );
}

const NO_TEMPLATE: NoteTemplateSnapshot = { id: '', name: 'Nota clínica', sections: [] };

const PLAY_REFUSALS = {
  playing: null,
  capturing: 'Podrá escuchar el audio al pausar o detener la grabación.',
  'no-audio': 'Todavía no hay audio para escuchar.',
  failed: 'No se pudo reproducir el audio. Sigue guardado; recargue la página para intentar de nuevo.',
  'audio-deleted': 'El audio de esta consulta se borró por la conservación configurada; la transcripción y la nota se conservan.',
} as const;

function readVersion(version: NoteVersion | undefined): { note: ClinicalNote | null; error: string | null } {
  if (!version) return { note: null, error: null };
  try {
    return { note: noteContent(version), error: null };
  } catch (error) {
    return { note: null, error: noteErrorMessage(error) };
  }
}

async function signLatest(encounterId: string, version: NoteVersion, confirmed: readonly NoteFinding[]): Promise<string | null> {
  try {
    await notes.sign(encounterId, version.id, confirmed);
    return null;
  } catch (error) {
    return noteErrorMessage(error);
  }
}

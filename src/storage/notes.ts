/**
 * A consultation's note as a list of versions that only grows: the model's draft, each edit the
 * doctor saves, each section the model rewrites. A version is never changed after it is written,
 * with one exception: signing stamps `signedAt` on the latest version (invariant 6).
 *
 * Signing locks the note. While the latest version is signed, drafts and edits are refused with
 * `NoteSignedError`; the one way on is `addCorrection`, a new clinician version that says which
 * signed version it corrects (DESIGN.md: "corrections are new versions"). The signed version stays
 * as it was, and the correction is a draft until it is signed in turn.
 *
 * Every write checks the content against the note schema first and is one transaction with its
 * audit entry: nothing half-written or malformed is ever stored, so a reload during generation
 * leaves exactly the versions there were. A write for a consultation that no longer exists (a
 * generation that ended just after «Eliminar consulta») is refused, so no note is left orphaned.
 */
import { parseNote, type ClinicalNote } from '../notes/noteSchema';
import { EscribaError } from '../shared/errors';
import { appendAudit } from './audit';
import { EncounterNotFoundError } from './deletion';
import { guardQuota } from './quota';
import type { EscribaDatabase } from './schema';
import type { AuditAction, NoteFinding, NoteTemplateSnapshot, NoteVersion } from './types';

/** The latest version is signed: edit refused. The doctor adds a correction instead. */
export class NoteSignedError extends EscribaError {
  override name = 'NoteSignedError';
}
/** The version an edit was based on is no longer the latest (another tab saved one meanwhile). */
export class NoteChangedError extends EscribaError {
  override name = 'NoteChangedError';
}
/** The content is not a valid note; `problems` says why, in Spanish. */
export class InvalidNoteError extends EscribaError {
  override name = 'InvalidNoteError';
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.problems = problems;
  }
}

export interface ModelDraftInfo {
  modelId: string;
  template: NoteTemplateSnapshot;
  grounding: readonly NoteFinding[];
  /** Set when only this section was regenerated into the previous version's content. */
  regeneratedSection?: string;
  /** The version the draft was built on (section regeneration): refused if it is no longer the latest. */
  basedOn?: number;
}

export interface ClinicianEditInfo {
  /** The version the doctor was editing: refused if it is no longer the latest. */
  basedOn?: number;
  /** Defaults to the template of the version edited. */
  template?: NoteTemplateSnapshot;
}

/** A version's content read back as a note (stored content was validated on the way in). */
export function noteContent(version: NoteVersion): ClinicalNote {
  const parsed = parseNote(version.content);
  if (!parsed.ok) throw new InvalidNoteError('La versión guardada no es una nota válida', parsed.problems);
  return parsed.note;
}

export class NoteRepository {
  constructor(private readonly database: EscribaDatabase) {}

  /** Oldest first. */
  versions(encounterId: string): Promise<NoteVersion[]> {
    return this.database.notes
      .where('[encounterId+version]')
      .between([encounterId, -Infinity], [encounterId, Infinity])
      .toArray();
  }

  async latest(encounterId: string): Promise<NoteVersion | undefined> {
    return this.database.notes
      .where('[encounterId+version]')
      .between([encounterId, -Infinity], [encounterId, Infinity])
      .last();
  }

  /** A note written by the model (a whole note, or one section merged into the latest version). */
  addModelDraft(encounterId: string, content: unknown, info: ModelDraftInfo): Promise<NoteVersion> {
    return this.append(encounterId, content, 'note.generated', info.basedOn, (previous) => ({
      author: 'model',
      modelId: info.modelId,
      template: info.template,
      grounding: [...info.grounding],
      ...(info.regeneratedSection === undefined ? {} : { regeneratedSection: info.regeneratedSection }),
      detail: info.regeneratedSection ? `v${(previous?.version ?? 0) + 1} sección ${info.regeneratedSection}` : undefined,
    }));
  }

  /** The doctor's edit, as a new version; the version edited stays as it was. */
  saveClinicianEdit(encounterId: string, content: unknown, info: ClinicianEditInfo = {}): Promise<NoteVersion> {
    return this.append(encounterId, content, 'note.edited', info.basedOn, (previous) => ({
      author: 'clinician',
      ...templateOf(info.template ?? previous?.template),
    }));
  }

  /** After signing: a new clinician version correcting the signed one, which stays immutable. */
  addCorrection(encounterId: string, content: unknown, info: ClinicianEditInfo = {}): Promise<NoteVersion> {
    return this.append(
      encounterId,
      content,
      'note.corrected',
      info.basedOn,
      (previous) => ({ author: 'clinician', corrects: previous?.version, ...templateOf(info.template ?? previous?.template) }),
      { correcting: true },
    );
  }

  /**
   * Signs the latest version (only the latest: a doctor signs what they see). Signing twice is a
   * no-op. `confirmed` are the «Revisar» flags the doctor confirmed one by one before signing: they
   * are stamped on the version with its signature and each gets an audit entry, so a record can
   * show later which unsupported items the doctor checked and vouched for.
   */
  async sign(encounterId: string, versionId: string, confirmed: readonly NoteFinding[] = []): Promise<NoteVersion> {
    const { encounters, notes, auditLog } = this.database;
    return guardQuota(() =>
      this.database.transaction('rw', encounters, notes, auditLog, async () => {
        await this.requireEncounter(encounterId);
        const version = await notes.get(versionId);
        if (!version || version.encounterId !== encounterId) throw new NoteChangedError(`Versión inexistente: ${versionId}`);
        if (version.signedAt !== undefined) return version;
        const latest = await this.latest(encounterId);
        if (latest?.id !== versionId) {
          throw new NoteChangedError(`La versión ${version.version} ya no es la última (hay una versión ${latest?.version})`);
        }
        const signed: NoteVersion = { ...version, signedAt: Date.now(), reviewConfirmations: confirmed.map((f) => ({ ...f })) };
        await notes.put(signed);
        for (const flag of confirmed) {
          await appendAudit(this.database, 'note.review.confirmed', encounterId, `v${version.version} ${flag.path} «${flag.label}»: ${flag.reason}`);
        }
        await appendAudit(this.database, 'note.signed', encounterId, `v${version.version}`);
        return signed;
      }),
    );
  }

  /**
   * Records that a version left Escriba as a file (its audit entry names the version, the format
   * and the file). Written before the file is handed over: an export the log cannot record does
   * not happen.
   */
  async recordExport(encounterId: string, version: Pick<NoteVersion, 'version'>, detail: string): Promise<void> {
    await guardQuota(() => appendAudit(this.database, 'note.exported', encounterId, `v${version.version} ${detail}`));
  }

  private async requireEncounter(encounterId: string): Promise<void> {
    if (!(await this.database.encounters.get(encounterId))) throw new EncounterNotFoundError(`Consulta inexistente: ${encounterId}`);
  }

  private async append(
    encounterId: string,
    content: unknown,
    action: AuditAction,
    basedOn: number | undefined,
    describe: (previous: NoteVersion | undefined) => Partial<NoteVersion> & { author: NoteVersion['author']; detail?: string },
    options: { correcting?: boolean } = {},
  ): Promise<NoteVersion> {
    const parsed = parseNote(content);
    if (!parsed.ok) throw new InvalidNoteError('La nota no es válida', parsed.problems);
    const { encounters, notes, auditLog } = this.database;
    return guardQuota(() =>
      this.database.transaction('rw', encounters, notes, auditLog, async () => {
        await this.requireEncounter(encounterId);
        const previous = await this.latest(encounterId);
        const signed = previous?.signedAt !== undefined;
        if (signed && !options.correcting) throw new NoteSignedError(`La versión ${previous.version} está firmada`);
        if (!signed && options.correcting) throw new NoteChangedError('No hay una versión firmada que corregir');
        if (basedOn !== undefined && previous?.version !== basedOn) {
          throw new NoteChangedError(`La nota cambió: se editaba la versión ${basedOn} y la última es la ${previous?.version}`);
        }
        const { detail, ...fields } = describe(previous);
        const version: NoteVersion = {
          id: crypto.randomUUID(),
          encounterId,
          version: (previous?.version ?? 0) + 1,
          content: parsed.note,
          createdAt: Date.now(),
          ...fields,
        };
        await notes.add(version);
        await appendAudit(this.database, action, encounterId, detail ?? `v${version.version}`);
        return version;
      }),
    );
  }
}

function templateOf(template: NoteTemplateSnapshot | undefined): { template?: NoteTemplateSnapshot } {
  return template ? { template } : {};
}

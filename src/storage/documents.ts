/**
 * A consultation's documents («Indicaciones para el paciente», «Carta de derivación») as lists of
 * versions that only grow, one list per kind: what the model or the template wrote from a note
 * version, then each edit the doctor saves. Every write checks the content against its kind's
 * schema and is one transaction with its audit entry; a document for a consultation that no longer
 * exists is refused, so none is left orphaned by «Eliminar consulta».
 */
import { parseDocument, type DocumentContent } from '../notes/documents/documentSchema';
import { EscribaError } from '../shared/errors';
import { appendAudit } from './audit';
import { EncounterNotFoundError } from './deletion';
import { guardQuota } from './quota';
import type { EscribaDatabase } from './schema';
import type { DocumentKind, DocumentVersion, NoteFinding } from './types';

/** The content is not a valid document of its kind; `problems` says why, in Spanish. */
export class InvalidDocumentError extends EscribaError {
  override name = 'InvalidDocumentError';
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.problems = problems;
  }
}

/** The version an edit was based on is no longer the latest (another tab saved one meanwhile). */
export class DocumentChangedError extends EscribaError {
  override name = 'DocumentChangedError';
}

export interface DocumentWriteInfo {
  author: DocumentVersion['author'];
  modelId?: string;
  noteVersion: number;
  fromSignedNote: boolean;
  /** The version the doctor was editing: refused if it is no longer the latest. */
  basedOn?: number;
}

/** A stored version's content, read back as a document of its kind. */
export function documentContent(version: DocumentVersion): DocumentContent {
  const parsed = parseDocument(version.kind, version.content);
  if (!parsed.ok) throw new InvalidDocumentError('La versión guardada no es un documento válido', parsed.problems);
  return parsed.document;
}

export class DocumentRepository {
  constructor(private readonly database: EscribaDatabase) {}

  /** Oldest first. */
  versions(encounterId: string, kind: DocumentKind): Promise<DocumentVersion[]> {
    return this.database.documents
      .where('[encounterId+kind+version]')
      .between([encounterId, kind, -Infinity], [encounterId, kind, Infinity])
      .toArray();
  }

  async add(encounterId: string, kind: DocumentKind, content: unknown, info: DocumentWriteInfo): Promise<DocumentVersion> {
    const parsed = parseDocument(kind, content);
    if (!parsed.ok) throw new InvalidDocumentError('El documento no es válido', parsed.problems);
    const { encounters, documents, auditLog } = this.database;
    return guardQuota(() =>
      this.database.transaction('rw', encounters, documents, auditLog, async () => {
        if (!(await encounters.get(encounterId))) throw new EncounterNotFoundError(`Consulta inexistente: ${encounterId}`);
        const previous = (await this.versions(encounterId, kind)).at(-1);
        if (info.basedOn !== undefined && previous?.version !== info.basedOn) {
          throw new DocumentChangedError(`Se editaba la versión ${info.basedOn} y la última es la ${previous?.version}`);
        }
        const version: DocumentVersion = {
          id: crypto.randomUUID(),
          encounterId,
          kind,
          version: (previous?.version ?? 0) + 1,
          author: info.author,
          content: parsed.document.content,
          ...(info.modelId === undefined ? {} : { modelId: info.modelId }),
          noteVersion: info.noteVersion,
          fromSignedNote: info.fromSignedNote,
          createdAt: Date.now(),
        };
        await documents.add(version);
        const action = info.author === 'clinician' ? 'document.edited' : 'document.generated';
        await appendAudit(this.database, action, encounterId, `${kind} v${version.version} (${info.author}, nota v${info.noteVersion})`);
        return version;
      }),
    );
  }

  /** The doctor sent version `version` to the printer, having confirmed these «Revisar» flags. */
  async printed(version: DocumentVersion, confirmed: readonly NoteFinding[]): Promise<void> {
    await appendAudit(this.database, 'document.printed', version.encounterId, `${version.kind} v${version.version}, ${confirmed.length} marcas «Revisar» confirmadas`);
  }
}

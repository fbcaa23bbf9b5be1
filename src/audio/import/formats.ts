/**
 * The audio files "Importar audio" takes, checked before any byte is read: WAV, MP3, M4A, OGG and
 * WEBM, the files phones, dictaphones and browsers record. The extension decides when the name has
 * one we know (operating systems often report no type, or a video type for .webm); the browser's
 * MIME type decides only for names without a known extension. Anything else is refused up front,
 * with a message naming the accepted formats, rather than handed to a decoder to fail slowly.
 */
import { UnsupportedAudioFileError } from '../../shared/errors';

export type ImportFormatId = 'wav' | 'mp3' | 'm4a' | 'ogg' | 'webm';

export interface ImportFormat {
  id: ImportFormatId;
  /** As the doctor reads it in messages. */
  label: string;
  extensions: readonly string[];
  mimeTypes: readonly string[];
}

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  { id: 'wav', label: 'WAV', extensions: ['wav', 'wave'], mimeTypes: ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'] },
  { id: 'mp3', label: 'MP3', extensions: ['mp3'], mimeTypes: ['audio/mpeg', 'audio/mp3'] },
  { id: 'm4a', label: 'M4A', extensions: ['m4a'], mimeTypes: ['audio/mp4', 'audio/x-m4a', 'audio/m4a'] },
  // .opus is how WhatsApp and others name Opus in an Ogg container.
  { id: 'ogg', label: 'OGG', extensions: ['ogg', 'oga', 'opus'], mimeTypes: ['audio/ogg', 'application/ogg', 'audio/opus'] },
  { id: 'webm', label: 'WEBM', extensions: ['webm'], mimeTypes: ['audio/webm', 'video/webm'] },
];

/** For `<input type="file" accept>`: the picker shows these files first. */
export const IMPORT_ACCEPT = IMPORT_FORMATS.flatMap((f) => [...f.extensions.map((e) => `.${e}`), ...f.mimeTypes]).join(',');

/** The file's format, or `UnsupportedAudioFileError` when it is not one Escriba imports. */
export function importFormatOf(file: { name: string; type: string }): ImportFormat {
  const dot = file.name.lastIndexOf('.');
  const extension = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  const byExtension = IMPORT_FORMATS.find((f) => f.extensions.includes(extension));
  if (byExtension) return byExtension;
  // "consulta 12.05" has a dot but no audio extension: its type may still say what it is.
  const mimeType = file.type.split(';')[0]!.trim().toLowerCase();
  const byType = IMPORT_FORMATS.find((f) => f.mimeTypes.includes(mimeType));
  if (byType) return byType;
  throw new UnsupportedAudioFileError(file.name);
}

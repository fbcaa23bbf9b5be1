import type { StoredAudioSize, StoredTextSize } from '../storage/footprint';
import { formatBytes } from './format';

interface Props {
  /** Null while audio is captured (not measured then); undefined while being read. */
  audio: StoredAudioSize | null | undefined;
  text: StoredTextSize | undefined;
  audioDeleted: boolean;
}

/** "Espacio en esta computadora: 1,9 MB (audio 1,9 MB · texto 14 KB)", from what is stored now. */
export function ConsultationSize({ audio, text, audioDeleted }: Props) {
  let content: string;
  if (audio === null) content = 'se calcula al detener la grabación.';
  else if (audio === undefined || text === undefined) content = 'calculando…';
  else {
    const audioPart = audioDeleted ? 'audio borrado' : `audio ${formatBytes(audio.audioBytes)}`;
    content = `${formatBytes(audio.audioBytes + text.textBytes)} (${audioPart} · texto ${formatBytes(text.textBytes)})`;
  }
  return <p className="subtitle consultation-size">Espacio en esta computadora: {content}</p>;
}

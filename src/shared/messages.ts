/** What the doctor reads when something goes wrong: plain Spanish, and what to do next. */
import { formatBytes } from './formatBytes';
import {
  AudioDecodeError,
  CaptureStalledError,
  DownloadWorkerError,
  IntegrityError,
  ModelManifestError,
  ModelRevisionError,
  MicrophoneDeniedError,
  MicrophoneDisconnectedError,
  MicrophoneMissingError,
  ModelDownloadError,
  ModelFolderIncompleteError,
  ModelStorageFullError,
  NoSpeechFoundError,
  NoSpeechModelError,
  NoteDeviceUnsupportedError,
  NoteGenerationCancelledError,
  NoteGenerationError,
  NoteGpuLostError,
  NoteLoadError,
  NoteModelMissingError,
  NoteNotReadyError,
  NoteWorkerError,
  RecordingElsewhereError,
  SpeechGpuLostError,
  SpeechLoadError,
  SpeechModelMissingError,
  SpeechNotReadyError,
  SpeechWorkerError,
  StorageFullError,
  TranscriptionCancelledError,
  TranscriptionError,
  UnsupportedAudioFileError,
  UnsupportedBrowserError,
  isQuotaError,
} from './errors';

export function spanishMessage(error: unknown): string {
  // Model errors first: ModelStorageFullError is also a StorageFullError, whose text is about recording.
  const modelMessage = modelErrorMessage(error) ?? speechErrorMessage(error) ?? noteEngineErrorMessage(error);
  if (modelMessage) return modelMessage;
  if (error instanceof StorageFullError || isQuotaError(error)) {
    // Shown while recording, at start-up and when creating a consultation: worded for all three.
    return 'No queda espacio para guardar en esta computadora. Lo ya guardado no se perdió; si estaba grabando, la grabación quedó en pausa. Libere espacio en el disco y vuelva a intentar (para seguir grabando, presione «Reanudar»).';
  }
  if (error instanceof MicrophoneDeniedError) {
    return 'Escriba no tiene permiso para usar el micrófono. Habilítelo en la configuración del navegador (ícono del candado en la barra de direcciones) y vuelva a intentar.';
  }
  if (error instanceof MicrophoneMissingError) {
    return 'No se encontró ningún micrófono. Conecte uno y vuelva a intentar.';
  }
  if (error instanceof MicrophoneDisconnectedError) {
    return 'El micrófono dejó de funcionar (¿se desconectó?). Lo grabado hasta ahora quedó guardado; conecte el micrófono y presione «Reanudar».';
  }
  if (error instanceof CaptureStalledError) {
    return 'La grabación se pausó porque dejó de llegar audio del micrófono (puede estar silenciado, lo puede estar usando otra aplicación o el sistema suspendió el sonido). Lo grabado hasta ahora quedó guardado; revise el micrófono y presione «Reanudar».';
  }
  if (error instanceof RecordingElsewhereError) {
    return 'Esta consulta se está grabando en otra pestaña o ventana de Escriba. Siga desde allí, o ciérrela y vuelva a intentar.';
  }
  if (error instanceof UnsupportedBrowserError) {
    return 'Este navegador no permite grabar con Escriba. Use una versión reciente de Chrome, Edge o Chromium.';
  }
  const importMessage = importErrorMessage(error);
  if (importMessage) return importMessage;
  return 'Ocurrió un error inesperado. Lo ya guardado no se perdió. Si se repite, recargue la página.';
}

/** How the import names the formats it takes; src/audio/import/formats.ts lists the same ones. */
export const ACCEPTED_AUDIO_FORMATS_TEXT = 'WAV, MP3, M4A, OGG y WEBM';

function importErrorMessage(error: unknown): string | undefined {
  if (error instanceof UnsupportedAudioFileError) {
    return `«${error.fileName}» no es un archivo de audio que Escriba pueda importar. Formatos aceptados: ${ACCEPTED_AUDIO_FORMATS_TEXT}.`;
  }
  if (!(error instanceof AudioDecodeError)) return undefined;
  switch (error.reason) {
    case 'undecodable':
      return `No se pudo leer «${error.fileName}». El archivo puede estar dañado o en un formato que este navegador no abre. Formatos aceptados: ${ACCEPTED_AUDIO_FORMATS_TEXT}.`;
    case 'truncated':
      return `«${error.fileName}» está incompleto: termina antes de lo que indica su propio encabezado, como pasa con una copia o una descarga que se cortó. No se importó nada; copie de nuevo el archivo completo y vuelva a intentar.`;
    case 'empty':
      return `«${error.fileName}» no tiene audio (dura 0 segundos). No se importó nada.`;
  }
}

function modelErrorMessage(error: unknown): string | undefined {
  if (error instanceof ModelStorageFullError) {
    if (error.neededBytes !== undefined && error.availableBytes !== undefined) {
      return `No hay espacio suficiente para descargar los modelos: hacen falta ${formatBytes(error.neededBytes)} y quedan ${formatBytes(error.availableBytes)} disponibles. Libere espacio en el disco o borre modelos que no use, y vuelva a intentar.`;
    }
    return 'Se llenó el espacio de almacenamiento durante la descarga de los modelos. Lo ya descargado quedó guardado: libere espacio en el disco y vuelva a intentar; la descarga seguirá desde donde quedó.';
  }
  // OPFS refuses a file that another tab's download (or delete) holds open; the store has waited already.
  if (error instanceof Error && error.name === 'NoModificationAllowedError') {
    return 'Otra pestaña o ventana de Escriba está usando los archivos de este modelo (descargándolo o borrándolo). Lo ya descargado no se perdió: espere a que termine allí, o ciérrela, y vuelva a intentar.';
  }
  if (error instanceof DownloadWorkerError) {
    return 'La descarga se interrumpió porque el proceso que la hacía se detuvo. Lo ya descargado no se perdió: presione «Reanudar descarga» para seguir.';
  }
  if (error instanceof ModelFolderIncompleteError) {
    const [first, ...rest] = error.missing;
    const which = first === undefined ? '' : ` (${first}${rest.length > 0 ? ` y ${rest.length} más` : ''})`;
    return `A la carpeta le faltan archivos de este modelo${which}, así que no se terminó de instalar. Lo ya copiado quedó guardado: copie la carpeta completa del modelo y vuelva a elegirla.`;
  }
  if (error instanceof ModelRevisionError) {
    return 'Escriba no pudo averiguar en el servidor de modelos qué versión exacta de este modelo descargar, así que no siguió con la descarga (lo ya descargado quedó guardado). Revise la conexión a internet y vuelva a intentar; si se repite, avise a quien administra Escriba en su institución.';
  }
  if (error instanceof ModelManifestError) {
    return 'El servidor de modelos entregó una lista de archivos del modelo que Escriba no puede usar, así que no se descargó nada más. Avise a quien administra Escriba en su institución.';
  }
  if (error instanceof IntegrityError) {
    return 'Un archivo del modelo llegó dañado dos veces seguidas y se descartó. Vuelva a intentar la descarga; si se repite, avise a quien administra Escriba en su institución.';
  }
  if (error instanceof ModelDownloadError) {
    if (error.status !== undefined) {
      return `El servidor de modelos no entregó un archivo (error ${error.status}). Avise a quien administra Escriba en su institución.`;
    }
    return 'No se pudo completar la descarga de los modelos porque se cortó la conexión. Lo ya descargado quedó guardado: revise la conexión y vuelva a intentar; la descarga seguirá desde donde quedó.';
  }
  return undefined;
}

function speechErrorMessage(error: unknown): string | undefined {
  if (error instanceof SpeechModelMissingError) {
    return 'Falta descargar parte del modelo de transcripción para esta computadora. Descárguelo en «Modelos»; lo grabado queda guardado y se transcribirá después.';
  }
  if (error instanceof SpeechLoadError) {
    return 'No se pudo cargar el modelo de transcripción. Lo grabado queda guardado. Recargue la página; si se repite, vuelva a descargar el modelo en «Modelos».';
  }
  if (error instanceof SpeechWorkerError) {
    return 'El proceso de transcripción se detuvo. Lo grabado queda guardado y se transcribirá cuando el modelo vuelva a cargarse; si se repite, recargue la página.';
  }
  if (error instanceof SpeechGpuLostError) {
    return 'La placa de video dejó de responder mientras se transcribía y no se pudo recuperar. El audio quedó guardado: reinicie el navegador, o elija «Procesador» en «Modelos → Dónde se transcribe», y vuelva a intentar.';
  }
  if (error instanceof TranscriptionError) {
    return 'No se pudo transcribir una parte de la consulta. El audio quedó guardado y se puede volver a intentar.';
  }
  if (error instanceof SpeechNotReadyError) {
    return 'El modelo de transcripción todavía no está listo. Espere a que termine de cargar.';
  }
  if (error instanceof NoSpeechFoundError) {
    return 'No se reconoció habla en ese segmento, así que se dejó el texto como estaba.';
  }
  if (error instanceof NoSpeechModelError) {
    return 'Para transcribir hace falta un modelo de voz instalado: instálelo en «Modelos».';
  }
  if (error instanceof TranscriptionCancelledError) return 'Se canceló la transcripción.';
  return undefined;
}

/** The text model's errors; the note flow's own (invalid answer, signed note…) are in notes/generateNoteErrors.ts. */
function noteEngineErrorMessage(error: unknown): string | undefined {
  const kept = 'La transcripción y las notas siguen guardadas.';
  if (error instanceof NoteModelMissingError) {
    return `Falta descargar parte del modelo de texto para esta computadora. Descárguelo en «Modelos». ${kept}`;
  }
  if (error instanceof NoteDeviceUnsupportedError) {
    return `El modelo de texto elegido no puede funcionar en esta computadora (necesita una placa de video que no está disponible). Elija otro en «Modelos». ${kept}`;
  }
  if (error instanceof NoteLoadError) {
    return `No se pudo cargar el modelo de texto. ${kept} Recargue la página; si se repite, vuelva a descargar el modelo en «Modelos».`;
  }
  if (error instanceof NoteGpuLostError) {
    return `La placa de video dejó de responder mientras se redactaba la nota y no se pudo recuperar. No se guardó nada nuevo; ${kept.toLowerCase()} Reinicie el navegador y vuelva a intentar, o elija en «Modelos» un modelo que funcione con el procesador.`;
  }
  if (error instanceof NoteGenerationError) {
    return `El modelo de texto falló mientras redactaba la nota y no se guardó nada nuevo. ${kept} Vuelva a intentar, o escriba la nota a mano.`;
  }
  if (error instanceof NoteNotReadyError) {
    return 'El modelo de texto todavía no está listo, o ya está redactando otra nota. Espere un momento y vuelva a intentar.';
  }
  if (error instanceof NoteWorkerError) {
    return `El proceso que redacta las notas se detuvo. ${kept} Vuelva a presionar «Generar nota»; si se repite, recargue la página.`;
  }
  if (error instanceof NoteGenerationCancelledError) return 'Se canceló la redacción de la nota.';
  return undefined;
}

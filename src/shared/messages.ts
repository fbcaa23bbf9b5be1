/** What the doctor reads when something goes wrong: plain Spanish, and what to do next. */
import {
  MicrophoneDeniedError,
  MicrophoneDisconnectedError,
  MicrophoneMissingError,
  RecordingElsewhereError,
  StorageFullError,
  UnsupportedBrowserError,
  isQuotaError,
} from './errors';

export function spanishMessage(error: unknown): string {
  if (error instanceof StorageFullError || isQuotaError(error)) {
    return 'No queda espacio para guardar en esta computadora. La grabación se detuvo y todo lo grabado hasta ahora quedó guardado. Libere espacio en el disco antes de seguir.';
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
  if (error instanceof RecordingElsewhereError) {
    return 'Esta consulta se está grabando en otra pestaña o ventana de Escriba. Siga desde allí, o ciérrela y vuelva a intentar.';
  }
  if (error instanceof UnsupportedBrowserError) {
    return 'Este navegador no permite grabar con Escriba. Use una versión reciente de Chrome, Edge o Chromium.';
  }
  return 'Ocurrió un error inesperado. Lo ya guardado no se perdió. Si se repite, recargue la página.';
}

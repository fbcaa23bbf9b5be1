import { useState } from 'react';
import { spanishMessage } from '../shared/messages';
import { encounters } from '../storage';
import { Alert } from '../ui/Alert';
import { EncounterList } from '../ui/EncounterList';
import { AudioRetentionSetting } from './AudioRetentionSetting';
import { useEncounterList } from './data';
import { dismissDeletedNotice, useDeletedNotice } from './deletedNotice';
import { ImportAudioButton, ImportAudioStatus } from './ImportAudio';
import { useDisplayStatus } from './useDisplayStatus';
import { consultationHref } from './useHashRoute';

export function ConsultationsScreen() {
  const list = useEncounterList();
  const statusOf = useDisplayStatus();
  const [error, setError] = useState<string>();
  const deleted = useDeletedNotice();
  // A double click must not leave an empty second consultation behind.
  const [creating, setCreating] = useState(false);

  async function createEncounter() {
    setCreating(true);
    try {
      const encounter = await encounters.create();
      window.location.hash = consultationHref(encounter.id);
    } catch (e) {
      setError(spanishMessage(e));
      setCreating(false);
    }
  }

  return (
    <section aria-labelledby="consultations-title">
      <div className="screen-header">
        <h1 id="consultations-title">Consultas</h1>
        <div className="screen-actions">
          <ImportAudioButton />
          <button type="button" className="primary" onClick={createEncounter} disabled={creating}>
            Nueva consulta
          </button>
        </div>
      </div>
      <ImportAudioStatus />
      {/* Always mounted: a live region only announces changes made after it exists. */}
      <div role="status" className="deleted-notice">
        {deleted && (
          <p>
            {deleted}{' '}
            <button type="button" className="quiet" onClick={dismissDeletedNotice}>
              Cerrar aviso
            </button>
          </p>
        )}
      </div>
      {error && <Alert message={error} onDismiss={() => setError(undefined)} />}
      {list === undefined ? (
        <p className="empty">Cargando consultas…</p>
      ) : (
        <>
          <EncounterList encounters={list} hrefFor={consultationHref} statusOf={statusOf} />
          {list.length === 0 && (
            <p className="empty">
              Todavía no hay consultas. Presione «Nueva consulta» para grabar la primera, o «Importar audio» para traer una grabación.
            </p>
          )}
        </>
      )}
      <AudioRetentionSetting />
    </section>
  );
}

interface Props {
  onUpdate: () => void;
  /** Updating reloads the page; during a recording the button waits. */
  blocked: boolean;
}

export function UpdatePrompt({ onUpdate, blocked }: Props) {
  return (
    <div role="status" className="update-prompt">
      <p>Hay una versión nueva de Escriba.</p>
      <button type="button" onClick={onUpdate} disabled={blocked}>
        Actualizar
      </button>
      {blocked && <p className="hint">Podrá actualizar cuando termine la grabación.</p>}
    </div>
  );
}

interface Props {
  message: string;
  onDismiss?: () => void;
  tone?: 'error' | 'warning';
}

/** Errors and warnings for the doctor: role alert so screen readers (and tests) find them. */
export function Alert({ message, onDismiss, tone = 'error' }: Props) {
  return (
    <div role="alert" className={`alert alert-${tone}`}>
      <p>{message}</p>
      {onDismiss && (
        <button type="button" className="quiet" onClick={onDismiss}>
          Cerrar aviso
        </button>
      )}
    </div>
  );
}

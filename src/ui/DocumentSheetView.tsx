import type { Sheet } from '../notes/documents/documentSheet';

/**
 * A document as its reader gets it (notes/documents/documentSheet.ts): the panel shows it, the
 * print view prints it, the same markup both times. `large` is the patient's sheet: large type.
 */
export function DocumentSheetView({ sheet, large = false }: { sheet: Sheet; large?: boolean }) {
  return (
    <article className={`document-sheet${large ? ' document-sheet-large' : ''}`} aria-label={sheet.title}>
      <h3 className="document-sheet-title">{sheet.title}</h3>
      {sheet.meta.map((line) => (
        <p key={line} className="document-sheet-meta">
          {line}
        </p>
      ))}
      {sheet.draftNotice && <p className="document-sheet-draft">{sheet.draftNotice}</p>}
      {sheet.opening && <p>{sheet.opening}</p>}
      {sheet.blocks.length === 0 && <p className="hint">Este documento está vacío: la nota no tiene datos para él. Use «Editar» para completarlo.</p>}
      {sheet.blocks.map((block) => (
        <section key={block.heading} className="document-sheet-block">
          <h4>{block.heading}</h4>
          {block.list ? (
            <ul>
              {block.lines.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          ) : (
            block.lines.map((line, i) => <p key={i}>{line}</p>)
          )}
        </section>
      ))}
      {sheet.closing && (
        <>
          <p>{sheet.closing}</p>
          <p className="document-sheet-signature">Firma y sello</p>
          {sheet.signature && <p className="document-sheet-signer">{sheet.signature}</p>}
        </>
      )}
    </article>
  );
}

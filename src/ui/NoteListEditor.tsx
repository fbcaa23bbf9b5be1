/**
 * One editable list of the note (medicación, alergias…): a fieldset per item named "Medicamento 1",
 * its fields labelled in Spanish, "Quitar" per item and "Agregar …" at the end. Generic over the
 * item's draft shape so every list edits the same way.
 */
interface Field<T> {
  key: keyof T & string;
  label: string;
  /** A select with these options instead of a text input. */
  options?: readonly string[];
  wide?: boolean;
}

interface Props<T> {
  title: string;
  /** "Medicamento" → legends "Medicamento 1", button "Agregar medicamento". */
  itemName: string;
  items: readonly T[];
  fields: readonly Field<T>[];
  blank: () => T;
  onChange(items: T[]): void;
}

export function NoteListEditor<T>({ title, itemName, items, fields, blank, onChange }: Props<T>) {
  const update = (index: number, key: keyof T, value: string) =>
    onChange(items.map((item, i) => (i === index ? { ...item, [key]: value } : item)));
  const lower = itemName.toLowerCase();
  return (
    <section className="note-edit-group" aria-label={title}>
      <h3>{title}</h3>
      {items.map((item, index) => {
        const name = `${itemName} ${index + 1}`;
        return (
          <fieldset key={index} className="note-edit-item">
            <legend>{name}</legend>
            <div className="note-edit-fields">
              {fields.map((field) => (
                <label key={field.key} className={field.wide ? 'note-edit-wide' : undefined}>
                  {field.label}
                  {field.options ? (
                    <select value={String(item[field.key])} onChange={(e) => update(index, field.key, e.target.value)}>
                      {field.options.map((option) => (
                        <option key={option} value={option}>
                          {option}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input type="text" value={String(item[field.key] ?? '')} onChange={(e) => update(index, field.key, e.target.value)} />
                  )}
                </label>
              ))}
            </div>
            <button type="button" className="quiet" aria-label={`Quitar ${lower} ${index + 1}`} onClick={() => onChange(items.filter((_, i) => i !== index))}>
              Quitar
            </button>
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...items, blank()])}>
        Agregar {lower}
      </button>
    </section>
  );
}

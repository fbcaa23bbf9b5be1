/**
 * Human-readable narrative (`text`) in Spanish: what a receiving system shows when it does not
 * understand the coded parts. XHTML, as FHIR requires: escaped text in paragraphs and lists.
 */
import type { Narrative } from '@medplum/fhirtypes';
import { LANGUAGE } from './context';

const XHTML = 'http://www.w3.org/1999/xhtml';

export function escapeXhtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One paragraph per line of `text` (blank lines dropped). */
export function paragraphs(text: string): Narrative {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return wrap(lines.map((line) => `<p>${escapeXhtml(line)}</p>`).join(''));
}

/** A bulleted list, for a section that lists items. */
export function list(items: readonly string[]): Narrative {
  return wrap(`<ul>${items.map((item) => `<li>${escapeXhtml(item)}</li>`).join('')}</ul>`);
}

function wrap(inner: string): Narrative {
  // Both attributes: validators ask for the language of the text itself, not only the resource's.
  return { status: 'generated', div: `<div xmlns="${XHTML}" lang="${LANGUAGE}" xml:lang="${LANGUAGE}">${inner}</div>` };
}

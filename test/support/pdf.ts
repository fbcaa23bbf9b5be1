/**
 * What a printed page says: a PDF's text through `pdftotext` (Debian's poppler-utils, which
 * .ci/run installs), in layout order. Used on `page.pdf()` output, which Chromium renders with the
 * print stylesheet, as a doctor's «Imprimir» → «Guardar como PDF» would.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `layout` keeps the page's columns (what a reader sees); `drawing` keeps the order glyphs were
 * drawn in, which is the only way rotated text (a watermark) comes out in one piece: pdftotext's
 * layout mode drops it, and the drawing order splits it into lines a whitespace-free search joins.
 */
export async function pdfText(pdf: Buffer, order: 'layout' | 'drawing' = 'layout'): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'escriba-pdf-')), 'page.pdf');
  await writeFile(file, pdf);
  try {
    const { stdout } = await run('pdftotext', [order === 'layout' ? '-layout' : '-raw', '-enc', 'UTF-8', file, '-']);
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftotext is missing: install poppler-utils (apt-get install poppler-utils)');
    throw error;
  }
}

/** How many pages the PDF has (pdftotext separates them with form feeds). */
export function pageCount(text: string): number {
  return text.split('\f').filter((page) => page.trim().length > 0).length;
}

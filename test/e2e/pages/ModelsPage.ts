/** Page model of "Modelos": hardware summary, "Preparar Escriba", and each model's download controls. */
import type { Locator, Page } from 'playwright-core';

export class ModelsPage {
  readonly heading: Locator;
  readonly hardwareSummary: Locator;
  readonly prepareSection: Locator;
  /** «Datos del profesional»: the name and matrícula printed on notes and put in FHIR exports. */
  readonly professional: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Modelos', exact: true });
    this.hardwareSummary = page.getByRole('region', { name: 'Esta computadora' });
    this.prepareSection = page.getByRole('region', { name: 'Preparar Escriba' });
    this.professional = page.getByRole('region', { name: 'Datos del profesional', exact: true });
  }

  /** Fills in «Datos del profesional» and saves; waits for «Datos guardados.». */
  async saveProfessional(name: string, license: string): Promise<void> {
    await this.professional.getByRole('textbox', { name: 'Nombre del profesional', exact: true }).fill(name);
    await this.professional.getByRole('textbox', { name: 'Matrícula', exact: true }).fill(license);
    await this.professional.getByRole('button', { name: 'Guardar datos', exact: true }).click();
    await this.professional.getByRole('status').filter({ hasText: 'Datos guardados.' }).waitFor({ timeout: 15_000 });
  }

  async goto(baseUrl: string): Promise<this> {
    await this.page.goto(`${baseUrl}/#/modelos`);
    await this.hardwareSummary.waitFor();
    return this;
  }

  /** A link of the app's section menu ("Consultas", "Modelos"), as the doctor moves between screens. */
  navLink(name: 'Consultas' | 'Modelos'): Locator {
    return this.page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name, exact: true });
  }

  /** Comes back to Modelos through the section menu. */
  async open(): Promise<this> {
    await this.navLink('Modelos').click();
    await this.hardwareSummary.waitFor();
    return this;
  }

  downloadButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Descargar ${name}`, exact: true });
  }
  pauseButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Pausar descarga de ${name}`, exact: true });
  }
  resumeButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Reanudar descarga de ${name}`, exact: true });
  }
  retryButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Reintentar descarga de ${name}`, exact: true });
  }
  useButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Usar ${name}`, exact: true });
  }
  removeButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Eliminar ${name}`, exact: true });
  }
  progress(name: string): Locator {
    return this.page.getByRole('progressbar', { name: `Descarga de ${name}`, exact: true });
  }
  /** The folder picker of "Instalar sin internet" (an `<input webkitdirectory>`). */
  folderInput(): Locator {
    return this.page.getByLabel('Elegir carpeta con modelos');
  }
  /** The list item of one model, where its state text ("Listo", "En pausa"…) appears. */
  row(name: string): Locator {
    return this.page.getByRole('listitem').filter({ hasText: name });
  }
  /** Why the hardware cannot run the model, as its row says it ("No se puede usar en esta computadora: …"). */
  refusal(name: string): Locator {
    return this.row(name).getByText(/^No se puede usar en esta computadora/);
  }
  /** The model's download error, if it shows one. */
  error(name: string): Locator {
    return this.row(name).getByRole('alert');
  }
}

/** Size of a file in the app's model store (OPFS); `key` may name a `.part`. Null if absent. */
export async function storedBytes(page: Page, key: string): Promise<number | null> {
  return (await storedFile(page, key, false))?.bytes ?? null;
}

/** SHA-256 of a file in the app's model store (OPFS), computed in the page. */
export async function storedSha256(page: Page, key: string): Promise<string | null> {
  return (await storedFile(page, key, true))?.sha256 ?? null;
}

/** A file of the model store as the page finds it (hashed only when asked); null if absent. */
function storedFile(page: Page, key: string, hash: boolean): Promise<{ bytes: number; sha256: string | null } | null> {
  return page.evaluate(
    async ({ path, hash }) => {
      let dir = await navigator.storage.getDirectory();
      const parts = ['models', ...path.split('/')];
      const name = parts.pop()!;
      try {
        for (const part of parts) dir = await dir.getDirectoryHandle(part);
        const file = await (await dir.getFileHandle(name)).getFile();
        if (!hash) return { bytes: file.size, sha256: null };
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
        return { bytes: file.size, sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') };
      } catch {
        return null;
      }
    },
    { path: key, hash },
  );
}


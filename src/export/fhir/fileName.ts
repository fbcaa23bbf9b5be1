/**
 * The exported file's name: `escriba-<patient label>-<date>.json`, the label folded to letters,
 * digits and hyphens (no accents, spaces or slashes: every file system and e-mail client keeps it)
 * and the consultation's local date, so a folder of exports sorts by patient, then day.
 */
export function fhirFileName(patientLabel: string, consultationDate: Date): string {
  const label =
    patientLabel
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'sin-paciente';
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${consultationDate.getFullYear()}-${pad(consultationDate.getMonth() + 1)}-${pad(consultationDate.getDate())}`;
  return `escriba-${label}-${date}.json`;
}

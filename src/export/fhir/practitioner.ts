/**
 * The Practitioner who signed: name and matrícula as the doctor wrote them in «Datos del
 * profesional». The matrícula's issuer (national, a province, a college) is not known, so it goes
 * without an identifier system, typed as a medical licence number (v2-0203 «MD») with the text
 * «Matrícula». Practitioner-ar-core is not claimed: it requires the DNI and the REFEPS id.
 */
import type { Practitioner } from '@medplum/fhirtypes';
import type { Professional } from '../../storage/settings';
import { entry, type Entry, type ExportContext } from './context';
import { paragraphs } from './narrative';
import { SYSTEM } from './systems';

export function practitionerEntry(context: ExportContext, professional: Professional): Entry<Practitioner> {
  const name = professional.name.trim();
  const license = professional.license.trim();
  return entry(context.practitioner, {
    resourceType: 'Practitioner',
    text: paragraphs([`Profesional: ${name}`, license ? `Matrícula: ${license}` : ''].filter(Boolean).join('\n')),
    ...(license
      ? {
          identifier: [
            {
              type: { coding: [{ system: SYSTEM.identifierType, code: 'MD', display: 'Medical License number' }], text: 'Matrícula' },
              value: license,
            },
          ],
        }
      : {}),
    name: [{ text: name }],
  });
}

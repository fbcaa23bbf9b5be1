/**
 * The Patient: only what the consultation says about them, its label («Juan Pérez», «Cama 4»), as
 * the name's text — Escriba keeps no demographics. The doctor may add the DNI at export; it goes
 * with RENAPER's system, as HL7 Argentina's FHIR_CORE_AR writes it. The Patient-ar-core profile is
 * not claimed: it also requires a domain identifier and the paternal surname apart, which Escriba
 * does not have (see README.md).
 */
import type { Identifier, Patient } from '@medplum/fhirtypes';
import { entry, type Entry, type ExportContext } from './context';
import { paragraphs } from './narrative';
import { SYSTEM } from './systems';

export interface PatientIdentifiers {
  /** Digits only (see `parseDni`). */
  dni?: string;
}

export type DniResult = { ok: true; dni: string | undefined } | { ok: false; message: string };

/** The DNI as typed («30.123.456», «30123456») to digits; empty means none. */
export function parseDni(typed: string): DniResult {
  const compact = typed.replace(/[\s.]/g, '');
  if (compact === '') return { ok: true, dni: undefined };
  if (!/^\d{6,8}$/.test(compact)) return { ok: false, message: 'El DNI lleva solo números, de 6 a 8 cifras (por ejemplo 30123456 o 30.123.456).' };
  return { ok: true, dni: compact };
}

export function patientEntry(context: ExportContext, identifiers: PatientIdentifiers): Entry<Patient> {
  const label = context.patientLabel.trim();
  const identifier: Identifier[] = identifiers.dni
    ? [
        {
          use: 'official',
          type: { coding: [{ system: SYSTEM.identifierType, code: 'NI', display: 'National unique individual identifier' }], text: 'DNI' },
          system: SYSTEM.dni,
          value: identifiers.dni,
        },
      ]
    : [];
  const summary = [label ? `Paciente: ${label}` : 'Paciente sin nombre en la consulta', identifiers.dni ? `DNI ${identifiers.dni}` : ''];
  return entry(context.patient, {
    resourceType: 'Patient',
    text: paragraphs(summary.filter(Boolean).join('\n')),
    ...(identifier.length > 0 ? { identifier } : {}),
    ...(label ? { name: [{ text: label }] } : {}),
  });
}

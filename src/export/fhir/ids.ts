/**
 * Deterministic resource ids: the same signed version always exports the same Bundle, byte for
 * byte, so a receiving system sees a second export as the same document, not a new one. Each id is
 * a name-based UUID (RFC 9562 version 5) of the resource's role under the id of what it belongs
 * to: a version's resources under the version's id, the patient and the encounter under the
 * consultation's id (the same in every version exported from one consultation).
 */
import { v5 as uuidv5 } from 'uuid';
import type { Reference, Resource } from '@medplum/fhirtypes';

export interface ResourceId {
  /** The bare UUID: the resource's `id`. */
  id: string;
  /** `urn:uuid:…`: the entry's `fullUrl` and what references point to. */
  fullUrl: string;
}

export function resourceId(owner: string, role: string): ResourceId {
  const id = uuidv5(role, ownerNamespace(owner));
  return { id, fullUrl: `urn:uuid:${id}` };
}

export function referenceTo<T extends Resource>(target: ResourceId, display?: string): Reference<T> {
  return display ? { reference: target.fullUrl, display } : { reference: target.fullUrl };
}

/** App ids are UUIDs already; anything else (tests, old rows) is first turned into one. */
function ownerNamespace(owner: string): string {
  return UUID.test(owner) ? owner.toLowerCase() : uuidv5(owner, ESCRIBA_NAMESPACE);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A fixed namespace of Escriba's own (a random UUID, chosen once). */
const ESCRIBA_NAMESPACE = '6f1c2a4e-93b7-4d0a-8b52-1e7c9f3d5a60';

/**
 * Studies ordered and referrals → ServiceRequest, active, intent `plan` (as medications: the note
 * records what was indicated; the order a laboratory or a specialist acts on is issued apart). A
 * referral carries SNOMED CT «Patient referral» as its category, the specialty as its code's text
 * and the reason, if said, as its reason.
 */
import type { ServiceRequest } from '@medplum/fhirtypes';
import type { Referral, TextItem } from '../../notes/noteSchema';
import { authorOf, encounterOf, entry, itemId, subjectOf, type Entry, type ExportContext } from './context';
import { paragraphs } from './narrative';
import { REFERRAL_CATEGORY } from './systems';

export function orderEntries(context: ExportContext, orders: readonly TextItem[]): Entry<ServiceRequest>[] {
  return orders.map((order, index) => {
    const text = order.text.trim();
    return entry(itemId(context, 'order', index), {
      resourceType: 'ServiceRequest',
      text: paragraphs(`Estudio solicitado: ${text}`),
      ...common(context),
      code: { text },
    });
  });
}

export function referralEntries(context: ExportContext, referrals: readonly Referral[]): Entry<ServiceRequest>[] {
  return referrals.map((referral, index) => {
    const specialty = referral.specialty.trim();
    const reason = referral.reason?.trim();
    return entry(itemId(context, 'referral', index), {
      resourceType: 'ServiceRequest',
      text: paragraphs(`Derivación a ${specialty}${reason ? `: ${reason}` : ''}`),
      ...common(context),
      category: [{ coding: [REFERRAL_CATEGORY], text: 'Derivación' }],
      code: { text: `Derivación a ${specialty}` },
      performerType: { text: specialty },
      ...(reason ? { reasonCode: [{ text: reason }] } : {}),
    });
  });
}

function common(context: ExportContext) {
  return {
    status: 'active',
    intent: 'plan',
    subject: subjectOf(context),
    encounter: encounterOf(context),
    authoredOn: context.signedAt,
    requester: authorOf(context),
  } as const satisfies Partial<ServiceRequest>;
}

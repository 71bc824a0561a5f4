import type { OrganizationType } from '../organizations/organization.entity';
import type { AidOrgRole, AidStatus } from './aid-project.entity';
import type { AidTransactionType } from './aid-transaction.entity';

/**
 * The organisation that publishes Silkbridge's IATI data. `XI-IATI` is the IATI registration
 * agency for organisations without another registry number; `SILKBRIDGE` is a placeholder
 * until the platform registers with IATI and receives its own identifier (then change it here,
 * before the first publication — activity identifiers must never change once published).
 * Type 90 = "Other" (IATI OrganisationType codelist).
 */
export const IATI_REPORTING_ORG = {
  ref: 'XI-IATI-SILKBRIDGE',
  type: '90',
  name: {
    en: 'Silkbridge China–Pakistan people-to-people exchange platform',
    zh: '丝路桥中巴民心相通平台',
    ur: 'سلک برج پاک چین عوامی تبادلہ پلیٹ فارم',
  },
} as const;

/** Default activity identifier: reporting-org ref + the first 8 hex digits of the project id. */
export function defaultIatiIdentifier(projectId: string): string {
  return `${IATI_REPORTING_ORG.ref}-${projectId.replace(/-/g, '').slice(0, 8)}`;
}

/** IATI OrganisationRole codelist. */
export const IATI_ORG_ROLE: Record<AidOrgRole, string> = {
  funding: '1',
  accountable: '2',
  extending: '3',
  implementing: '4',
};

/**
 * IATI ActivityStatus codelist: 1 Pipeline/identification, 2 Implementation, 3 Finalisation,
 * 4 Closed, 5 Cancelled. Our lifecycle has no separate finalisation stage, so `completed` is 4.
 */
export const IATI_ACTIVITY_STATUS: Record<AidStatus, string> = {
  pipeline: '1',
  implementation: '2',
  completed: '4',
  cancelled: '5',
};

/** IATI TransactionType codelist: 2 Outgoing Commitment, 3 Disbursement, 4 Expenditure. */
export const IATI_TRANSACTION_TYPE: Record<AidTransactionType, string> = {
  commitment: '2',
  disbursement: '3',
  expenditure: '4',
};

/** IATI ActivityDateType codelist. */
export const IATI_ACTIVITY_DATE = {
  plannedStart: '1',
  actualStart: '2',
  plannedEnd: '3',
  actualEnd: '4',
} as const;

/**
 * IATI OrganisationType for our organisation types. NGOs are 22 (national) when based in the
 * recipient country, else 21 (international).
 */
export function iatiOrganisationType(
  type: OrganizationType,
  country: string,
  recipientCountry: string | null,
): string {
  switch (type) {
    case 'ngo':
    case 'overseas_association':
      return recipientCountry && country === recipientCountry ? '22' : '21';
    case 'local_government':
      return '10';
    case 'enterprise':
      return '70';
    case 'university':
    case 'think_tank':
      return '80';
    default:
      return '90';
  }
}

import type { EligibilityRules } from './scholarship.entity';
import type { FailedRule } from './scholarships.errors';

/** What the eligibility rules look at. */
export interface Applicant {
  nationality: string;
  /** `YYYY-MM-DD` or null when unknown. */
  dateOfBirth: string | null;
  gender: string | null;
  /** Type of the applying organisation, null when staff applied for an unaffiliated person. */
  organizationType: string | null;
}

/**
 * Whole years between `dateOfBirth` (YYYY-MM-DD) and the calendar date of `on` in UTC.
 * Someone born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const y = on.getUTCFullYear();
  const m = on.getUTCMonth() + 1;
  const d = on.getUTCDate();
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/**
 * Every rule of `rules` the applicant fails (empty when eligible). Ages are taken on the
 * scheme's closing date, so the answer does not change between opening and closing.
 */
export function checkEligibility(
  rules: EligibilityRules,
  applicant: Applicant,
  closesAt: Date,
): FailedRule[] {
  const failed: FailedRule[] = [];
  if (rules.nationalities?.length && !rules.nationalities.includes(applicant.nationality)) {
    failed.push({
      rule: 'nationality',
      message: `Nationality ${applicant.nationality} is not eligible (eligible: ${rules.nationalities.join(', ')})`,
      required: rules.nationalities,
      actual: applicant.nationality,
    });
  }
  const closingDate = closesAt.toISOString().slice(0, 10);
  if (rules.minAge !== undefined || rules.maxAge !== undefined) {
    if (!applicant.dateOfBirth) {
      failed.push({
        rule: 'dateOfBirth',
        message: 'The date of birth is unknown and the scheme has an age limit',
        required: 'dateOfBirth',
      });
    } else {
      const age = ageOn(applicant.dateOfBirth, closesAt);
      if (rules.minAge !== undefined && age < rules.minAge) {
        failed.push({
          rule: 'minAge',
          message: `Age ${age} on the closing date ${closingDate} is below the minimum of ${rules.minAge}`,
          required: rules.minAge,
          actual: age,
        });
      }
      if (rules.maxAge !== undefined && age > rules.maxAge) {
        failed.push({
          rule: 'maxAge',
          message: `Age ${age} on the closing date ${closingDate} is above the maximum of ${rules.maxAge}`,
          required: rules.maxAge,
          actual: age,
        });
      }
    }
  }
  if (
    rules.genders?.length &&
    !(applicant.gender && rules.genders.includes(applicant.gender as never))
  ) {
    failed.push({
      rule: 'gender',
      message: `The scheme is open to ${rules.genders.join(', ')} applicants only`,
      required: rules.genders,
      actual: applicant.gender,
    });
  }
  if (
    rules.organizationTypes?.length &&
    !(applicant.organizationType && rules.organizationTypes.includes(applicant.organizationType))
  ) {
    failed.push({
      rule: 'organizationType',
      message: `Applications must come from an organisation of type ${rules.organizationTypes.join(', ')}`,
      required: rules.organizationTypes,
      actual: applicant.organizationType,
    });
  }
  return failed;
}

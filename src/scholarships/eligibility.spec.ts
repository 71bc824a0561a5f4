import { ageOn, Applicant, checkEligibility } from './eligibility';

const closes = new Date('2027-03-31T18:59:59.000Z');
const pk: Applicant = {
  nationality: 'PK',
  dateOfBirth: '2000-05-10',
  gender: 'female',
  organizationType: 'university',
};

describe('ageOn', () => {
  it('counts whole years up to the calendar date (UTC)', () => {
    expect(ageOn('2000-03-31', new Date('2027-03-31T00:00:00Z'))).toBe(27);
    expect(ageOn('2000-04-01', new Date('2027-03-31T23:59:59Z'))).toBe(26);
    expect(ageOn('2000-03-30', new Date('2027-03-31T00:00:00Z'))).toBe(27);
  });

  it('ages someone born on 29 February on 1 March in common years', () => {
    expect(ageOn('2004-02-29', new Date('2027-02-28T12:00:00Z'))).toBe(22);
    expect(ageOn('2004-02-29', new Date('2027-03-01T00:00:00Z'))).toBe(23);
    expect(ageOn('2004-02-29', new Date('2028-02-29T00:00:00Z'))).toBe(24);
  });
});

describe('checkEligibility', () => {
  it('passes with no rules and with rules that are met', () => {
    expect(checkEligibility({}, pk, closes)).toEqual([]);
    expect(
      checkEligibility(
        {
          nationalities: ['PK', 'CN'],
          minAge: 18,
          maxAge: 35,
          genders: ['female'],
          organizationTypes: ['university'],
        },
        pk,
        closes,
      ),
    ).toEqual([]);
  });

  it('lists every failed rule with what was required and what was found', () => {
    const failed = checkEligibility(
      { nationalities: ['CN'], maxAge: 25, genders: ['male'], organizationTypes: ['ngo'] },
      pk,
      closes,
    );
    expect(failed.map((f) => f.rule)).toEqual([
      'nationality',
      'maxAge',
      'gender',
      'organizationType',
    ]);
    expect(failed[0]).toMatchObject({ required: ['CN'], actual: 'PK' });
    expect(failed[1]).toMatchObject({ required: 25, actual: 26 });
    expect(failed[1].message).toContain('2027-03-31');
  });

  it('takes the age on the closing date, not today', () => {
    // Turns 18 on 2027-03-31, the closing date: eligible.
    expect(checkEligibility({ minAge: 18 }, { ...pk, dateOfBirth: '2009-03-31' }, closes)).toEqual(
      [],
    );
    const young = checkEligibility({ minAge: 18 }, { ...pk, dateOfBirth: '2009-04-01' }, closes);
    expect(young).toEqual([expect.objectContaining({ rule: 'minAge', required: 18, actual: 17 })]);
  });

  it('refuses an unknown date of birth when there is an age limit', () => {
    expect(checkEligibility({ maxAge: 40 }, { ...pk, dateOfBirth: null }, closes)).toEqual([
      expect.objectContaining({ rule: 'dateOfBirth' }),
    ]);
    expect(
      checkEligibility({ nationalities: ['PK'] }, { ...pk, dateOfBirth: null }, closes),
    ).toEqual([]);
  });

  it('refuses an unknown gender or organisation type when the rule restricts them', () => {
    const failed = checkEligibility(
      { genders: ['female'], organizationTypes: ['university'] },
      { ...pk, gender: null, organizationType: null },
      closes,
    );
    expect(failed.map((f) => f.rule)).toEqual(['gender', 'organizationType']);
  });
});

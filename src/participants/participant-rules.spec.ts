import {
  escapeCsvCell,
  isPlausibleBirthDate,
  looksLikeFormula,
  nameKey,
  unescapeCsvCell,
  validateCsvRow,
} from './participant-rules';

describe('participant name key', () => {
  it('folds case, Unicode spaces and normalisation form', () => {
    expect(nameKey('  Ayesha   KARIM ')).toBe('ayesha karim');
    expect(nameKey('Ayesha\u00a0Karim')).toBe('ayesha karim'); // no-break space
    expect(nameKey('王\u3000芳')).toBe('王 芳'); // ideographic space
    // "é" precomposed vs e + combining acute
    expect(nameKey('Jos\u00e9')).toBe(nameKey('Jose\u0301'));
    expect(nameKey('عائشہ   کریم')).toBe('عائشہ کریم');
  });
});

describe('CSV formula cells', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1+1', '-2', '@SUM(A1)', '\t=1', '\r=1', '  =1'])(
    'treats %j as a formula',
    (v) => {
      expect(looksLikeFormula(v)).toBe(true);
    },
  );
  it.each(['Ayesha Karim', '王芳', "O'Brien", 'a=b'])('accepts %j', (v) =>
    expect(looksLikeFormula(v)).toBe(false),
  );

  it('escapes on export and unescapes on import', () => {
    expect(escapeCsvCell('=cmd')).toBe("'=cmd");
    expect(escapeCsvCell('+92 300 1234567')).toBe("'+92 300 1234567");
    expect(escapeCsvCell('Ali')).toBe('Ali');
    expect(unescapeCsvCell("'+92 300 1234567")).toBe('+92 300 1234567');
    expect(unescapeCsvCell("'quoted")).toBe("'quoted");
  });
});

describe('CSV row validation', () => {
  const today = '2026-01-15';
  const ok = {
    fullName: ' Ayesha  Karim ',
    nativeName: 'عائشہ کریم',
    email: 'ayesha@example.org',
    nationality: 'pk',
    gender: 'Female',
    dateOfBirth: '1996-04-12',
    phone: '+92 300 1234567',
  };

  it('accepts a good row, normalising case of country and gender', () => {
    const { row, errors } = validateCsvRow(ok, today);
    expect(errors).toEqual([]);
    expect(row).toMatchObject({
      fullName: 'Ayesha  Karim',
      nameKey: 'ayesha karim',
      nationality: 'PK',
      gender: 'female',
      dateOfBirth: '1996-04-12',
    });
  });

  it('reports every bad field of a row', () => {
    const { row, errors } = validateCsvRow(
      {
        fullName: '',
        nationality: 'XX',
        dateOfBirth: '1990-02-30',
        email: 'nope',
        gender: 'x',
        phone: 'call me',
      },
      today,
    );
    expect(row).toBeUndefined();
    expect(errors.map((e) => e.field).sort()).toEqual([
      'dateOfBirth',
      'email',
      'fullName',
      'gender',
      'nationality',
      'phone',
    ]);
  });

  it('refuses formula-looking names but not an exported, quote-escaped phone', () => {
    const { errors } = validateCsvRow(
      {
        ...ok,
        fullName: '=HYPERLINK("http://evil","x")',
        nativeName: '@cmd',
        phone: "'+92 300 1234567",
      },
      today,
    );
    expect(errors.map((e) => e.field)).toEqual(['fullName', 'nativeName']);
  });

  it('refuses birth dates in the future or before 1900', () => {
    expect(isPlausibleBirthDate('2026-01-16', today)).toBe(false);
    expect(isPlausibleBirthDate('1899-12-31', today)).toBe(false);
    expect(isPlausibleBirthDate('2026-01-15', today)).toBe(true);
  });
});

import { addAmounts, formatAmount } from './money.dto';

describe('money', () => {
  it('adds exactly to the cent', () => {
    expect(addAmounts('0.10', '0.20')).toBe('0.30');
    expect(addAmounts('12500.00', '-0.01')).toBe('12499.99');
    expect(addAmounts('-1.50', '0.25')).toBe('-1.25');
  });
  it('formats Postgres numerics with two decimals', () => {
    expect(formatAmount('5')).toBe('5.00');
    expect(formatAmount('5.1')).toBe('5.10');
    expect(formatAmount(null)).toBe('0.00');
  });
});

import { parseByteSize } from './byte-size';

describe('parseByteSize', () => {
  it('reads BODY_LIMIT as Express did: plain bytes or a binary unit', () => {
    expect(parseByteSize('1mb')).toBe(1048576);
    expect(parseByteSize('512KB')).toBe(524288);
    expect(parseByteSize('100000')).toBe(100000);
    expect(parseByteSize('1.5mb')).toBe(1572864);
  });

  it('refuses anything else', () => {
    expect(() => parseByteSize('lots')).toThrow(/not a byte size/);
    expect(() => parseByteSize('-1mb')).toThrow();
  });
});

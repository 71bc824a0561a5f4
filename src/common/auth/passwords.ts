import * as argon2 from 'argon2';

/** argon2id with OWASP's second recommended profile (19 MiB, t=2). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string): Promise<string> => argon2.hash(plain, OPTIONS);

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password. With no stored hash (unknown email) it still verifies against a dummy
 * hash of the same cost, so both failures take the same time.
 */
export async function verifyPassword(
  storedHash: string | null | undefined,
  plain: string,
): Promise<boolean> {
  dummyHash ??= argon2.hash('silkbridge-timing-equaliser', OPTIONS);
  const hash = storedHash ?? (await dummyHash);
  try {
    const ok = await argon2.verify(hash, plain);
    return ok && !!storedHash;
  } catch {
    return false;
  }
}

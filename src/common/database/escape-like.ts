/** Escapes LIKE wildcards so `?q=100%` searches for a literal percent sign. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A CSV text from rows of cells (quotes cells that need it). */
export function csv(rows: string[][]): string {
  return (
    rows
      .map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
      .join('\n') + '\n'
  );
}

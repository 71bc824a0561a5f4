// Renders each page of a PDF to PNG with pdf.js and @napi-rs/canvas (npm packages only, no
// poppler): `node pdf-to-png.mjs <file.pdf> <out-prefix>` writes <out-prefix>-<n>.png and prints
// the page count. An ES module run as a child process, since pdf-to-img is ESM-only.
import { writeFileSync } from 'node:fs';
import { pdf } from 'pdf-to-img';

const [file, prefix] = process.argv.slice(2);
let pages = 0;
for await (const page of await pdf(file, { scale: 1.5 }))
  writeFileSync(`${prefix}-${++pages}.png`, page);
process.stdout.write(String(pages));

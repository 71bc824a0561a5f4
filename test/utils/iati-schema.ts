import * as fs from 'fs';
import * as path from 'path';
import { validateXML } from 'xmllint-wasm';

const SCHEMA = path.join('iati', 'iati-activities-schema.xsd');

/**
 * The IATI 2.03 activity schema from the shared folder: `$SILKBRIDGE_SHARED_DIR`, else `shared/`
 * beside the repository (how CI clones it: path.resolve(__dirname, '../../../shared/...')), else
 * /work/shared.
 */
export function iatiSchemaPath(): string {
  const candidates = [
    process.env.SILKBRIDGE_SHARED_DIR
      ? path.resolve(process.env.SILKBRIDGE_SHARED_DIR, SCHEMA)
      : null,
    path.resolve(__dirname, '../../../shared', SCHEMA),
    path.resolve('/work/shared', SCHEMA),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found)
    throw new Error(
      `IATI schema not found; tried ${candidates.join(', ')} (set SILKBRIDGE_SHARED_DIR)`,
    );
  return found;
}

/**
 * Validates like `xmllint --noout --schema <iati schema> export.xml`, with libxml2's own xmllint
 * compiled to WebAssembly (npm `xmllint-wasm`), so the tests need nothing outside npm. Answers
 * xmllint's exit status (0 valid, 3 invalid) and its output.
 */
export async function xmllintIati(xml: string): Promise<{ status: number; output: string }> {
  const main = iatiSchemaPath();
  const dir = path.dirname(main);
  const file = (name: string) => ({
    fileName: name,
    contents: fs.readFileSync(path.join(dir, name), 'utf8'),
  });
  const result = await validateXML({
    xml: [{ fileName: 'export.xml', contents: xml }],
    schema: [file(path.basename(main))],
    // What the schema includes and imports, by the schemaLocation it names.
    preload: [file('iati-common.xsd'), file('xml.xsd')],
  });
  return result.valid
    ? { status: 0, output: 'export.xml validates' }
    : { status: 3, output: result.errors.map((e) => e.rawMessage).join('\n') };
}

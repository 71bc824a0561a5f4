import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

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

/** Runs `xmllint --noout --schema <iati schema> <file>`; returns its exit status and output. */
export function xmllintIati(xml: string): { status: number | null; output: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iati-')), 'export.xml');
  fs.writeFileSync(file, xml);
  const res = spawnSync('xmllint', ['--noout', '--schema', iatiSchemaPath(), file], {
    encoding: 'utf8',
  });
  if (res.error)
    throw new Error(
      `xmllint could not run (apt-get install -y libxml2-utils): ${res.error.message}`,
    );
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

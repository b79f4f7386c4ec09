import * as fs from 'node:fs';
import * as path from 'node:path';
import { Problem } from '../config/problems';
import { Catalog } from './catalog';
import { pathText } from '../config/fields';
import { CatalogLocator, parseCatalog } from './parseCatalog';

/**
 * Reads the catalog file (the I/O edge of catalog handling) and validates it. `setting` is what the
 * user gave the path with, named when the file is missing: `kafka:catalog` or a CLI flag.
 */
export function loadCatalog(
  file: string,
  baseDir = process.cwd(),
  setting = 'kafka:catalog',
): { catalog: Catalog; problems: Problem[]; locate: CatalogLocator } {
  const full = path.resolve(baseDir, file);
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(err);
    return {
      catalog: { topics: [], services: [] },
      locate: (path) => `${file} ${pathText(path)}`,
      problems: [{ where: setting, message: `catalog file "${file}" ${reason} (resolved to ${full})` }],
    };
  }
  return parseCatalog(text, file);
}

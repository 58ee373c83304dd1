// The one listing of a folder that the packaging uses, so the zip and the MSI see the same tree.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file and folder under dir: [{rel, dir}], rel '/'-separated (folders end in '/'), sorted by code unit, parents first. */
export function walk(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix + name;
    if (statSync(path.join(dir, name)).isDirectory()) out.push({ rel: `${rel}/`, dir: true }, ...walk(path.join(dir, name), `${rel}/`));
    else out.push({ rel, dir: false });
  }
  return out;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportSource } from '../../core/interop/import';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'interop');

export function fixture(name: string): ImportSource {
  return { name, text: readFileSync(join(FIXTURES, name), 'utf8') };
}

export const PAGES = () => [fixture('authorization-details-page1.json'), fixture('authorization-details-page2.json')];

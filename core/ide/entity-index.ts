import { entityExtent } from '../model/workspace';
import type { AccountFile, Entity, ResourcePolicyEntry } from '../model/types';

/** One top-level item of a file: an entity or a resource entry, from its key to the end of its value. */
export interface IndexedItem {
  start: number;
  end: number;
  entity?: Entity;
  resource?: ResourcePolicyEntry;
  /** The section the item sits in: policies, groups, users, roles, identityProviders, resources. */
  section: string;
}

const cache = new WeakMap<AccountFile, IndexedItem[]>();

/** The file's entities and resource entries sorted by position (built once per parse). */
export function entityIndex(file: AccountFile): IndexedItem[] {
  let items = cache.get(file);
  if (items) return items;
  items = [];
  const add = (section: string, list: Iterable<Entity>) => {
    for (const e of list) {
      // Plain literals, one shape for every item: edits move these in a hot loop.
      const { start, end } = entityExtent(e);
      items!.push({ start, end, entity: e, section });
    }
  };
  add('policies', file.policies.values());
  add('groups', file.groups.values());
  add('users', file.users.values());
  add('roles', file.roles.values());
  add('identityProviders', file.identityProviders.values());
  for (const r of file.resources) items.push({ start: Math.min(r.arnSpan.start, r.span.start), end: Math.max(r.arnSpan.end, r.span.end), resource: r, section: 'resources' });
  items.sort((a, b) => a.start - b.start);
  cache.set(file, items);
  return items;
}

/** Records the index of a file made by an incremental re-parse (same items, moved). */
export function setEntityIndex(file: AccountFile, items: IndexedItem[]): void {
  cache.set(file, items);
}

/** The item whose key or value covers `offset` (binary search), if any. */
export function itemAt(file: AccountFile, offset: number): IndexedItem | undefined {
  const items = entityIndex(file);
  let lo = 0;
  let hi = items.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Duplicate keys or odd files may nest items: look back a little for one that covers the offset.
  for (let i = best; i >= 0 && i > best - 3; i--) if (items[i].end >= offset) return items[i];
  return undefined;
}

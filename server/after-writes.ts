/**
 * Calls `then` once, when every write is done (or failed), or after `maxMs` should one never end (a client that
 * stops reading), whichever comes first. No writes: `then` at once. The language server starts the analysis after a
 * first look this way, so that the look's diagnostics reach the client before the analysis's slices hold up the
 * writing (server.ts `publish`).
 */
export function afterWrites(writes: readonly Promise<unknown>[], then: () => void, maxMs: number): void {
  if (!writes.length) return then();
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    clearTimeout(timer);
    then();
  };
  const timer = setTimeout(once, maxMs);
  Promise.allSettled(writes).then(once, once);
}

import type { GraphHostMessage, GraphWebviewMessage } from '../../protocol';
import { apiHost, vscodeApi, type PageHost } from '../shared/host';

/** What the page needs from whoever hosts it: VS Code, or the standalone HTML file the CLI writes. */
export interface Host extends PageHost<GraphWebviewMessage, GraphHostMessage> {
  standalone: boolean;
}

function isHostMessage(value: unknown): value is GraphHostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; data?: { nodes?: unknown; edges?: unknown }; nodeId?: unknown };
  if (m.type === 'graphData') return Array.isArray(m.data?.nodes) && Array.isArray(m.data?.edges);
  if (m.type === 'focus') return typeof m.nodeId === 'string';
  return false;
}

export function connectHost(): Host {
  const api = vscodeApi();
  if (api) return { standalone: false, ...apiHost<GraphWebviewMessage, GraphHostMessage>(api, isHostMessage) };
  // Standalone page: the data sits in a JSON script element (never executed), read as text.
  let state: unknown;
  return {
    standalone: true,
    post: () => undefined,
    getState: () => state,
    setState: (s) => {
      state = s;
    },
    onMessage(listener) {
      const holder = document.getElementById('iam-graph-data');
      if (!holder?.textContent) return;
      try {
        const parsed: unknown = JSON.parse(holder.textContent);
        if (isHostMessage(parsed)) queueMicrotask(() => listener(parsed));
      } catch {
        // A broken page shows an empty graph rather than failing.
      }
    },
  };
}

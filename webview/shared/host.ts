/**
 * What a page needs from VS Code, shared by the graph and simulator pages: messages both ways
 * (only well-formed ones get in; never trusted, never rendered as markup) and a little saved state.
 */

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

/** The page's side of the conversation: `Out` is what it posts, `In` what it is sent. */
export interface PageHost<Out, In> {
  post(message: Out): void;
  getState(): unknown;
  setState(state: unknown): void;
  onMessage(listener: (message: In) => void): void;
}

/** VS Code's webview API (it may be acquired once per page), or undefined outside a webview. */
export function vscodeApi(): VsCodeApi | undefined {
  return typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
}

/** A host over `api`: window messages reach `listener` only when `accept` says they are well-formed. */
export function apiHost<Out, In>(api: VsCodeApi, accept: (value: unknown) => value is In): PageHost<Out, In> {
  return {
    post: (m) => api.postMessage(m),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
    onMessage(listener) {
      window.addEventListener('message', (e: MessageEvent) => {
        if (accept(e.data)) listener(e.data);
      });
    },
  };
}

/** Opening a file in a started server and timing its two publications, as bench/lsp.ts and bench/lsp-first.ts do. */
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { LspClient } from '../../test/lsp/harness';
import { cpuMs } from './proc';

export interface Opened {
  /** The first publishDiagnostics (a big file's first look: its own rules), its wall time and the server's CPU. */
  first: PublishDiagnosticsParams;
  firstMs: number;
  firstCpuMs: number;
  /** The full analysis's diagnostics (the workspace rules too: iamWorkbench/analyzed), from the same start. */
  full: Diagnostic[];
  fullMs: number;
  fullCpuMs: number;
}

/** Sends didOpen for `text` (version 1) and waits for its first diagnostics, then for the full analysis's. */
export async function openAndTime(c: LspClient, uri: string, text: string): Promise<Opened> {
  const pid = c.proc.pid!;
  const cpu0 = cpuMs(pid);
  const t = performance.now();
  c.open(uri, text);
  const first = await c.waitForDiagnostics(uri);
  const firstMs = performance.now() - t;
  const firstCpuMs = cpuMs(pid) - cpu0;
  const full = await c.diagnosticsAt(uri, 1);
  return { first, firstMs, firstCpuMs, full, fullMs: performance.now() - t, fullCpuMs: cpuMs(pid) - cpu0 };
}

/** What the benchmarks read about a process from /proc, and an offset → LSP position helper they share. */
import { readFileSync } from 'node:fs';

/** A process's resident memory now (`VmRSS`) or its peak so far (`VmHWM`), in MB. */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = status.split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.slice(field.length + 1).trim().split(/\s+/)[0] ?? 0) / 1024;
}

/** CPU time (user + system) a process has used so far, in ms (from /proc; 10 ms resolution). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The LSP position (line, UTF-16 character) of an offset in a text with `\n` line ends. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - before.lastIndexOf('\n') - 1 };
}

/**
 * Resident memory of a Chromium instance, for benchmarks: the browser process and every
 * descendant (renderers, GPU, utility processes), read from /proc (Linux only).
 */
import { readFileSync, readdirSync } from 'node:fs';

export type ProcessKind = 'browser' | 'renderer' | 'gpu' | 'network' | 'storage' | 'other';

/** The browser process and all its descendants (zygote children included), with their RSS. */
export function chromiumProcesses(browserPid: number): { kind: ProcessKind; rssBytes: number }[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (Number.isFinite(ppid)) parents.set(Number(entry), ppid);
  }
  const family = new Set([browserPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!family.has(pid) && family.has(ppid)) {
        family.add(pid);
        grew = true;
      }
    }
  }
  const processes: { kind: ProcessKind; rssBytes: number }[] = [];
  for (const pid of family) {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readProc(`/proc/${pid}/status`) ?? '');
    if (!rss) continue;
    processes.push({ kind: processKind(readProc(`/proc/${pid}/cmdline`) ?? ''), rssBytes: Number(rss[1]) * 1024 });
  }
  return processes;
}

function processKind(cmdline: string): ProcessKind {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (type === undefined) return 'browser';
  if (type === 'renderer') return 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (cmdline.includes('NetworkService')) return 'network';
  if (cmdline.includes('StorageService')) return 'storage';
  return 'other';
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process exited while we looked
  }
}

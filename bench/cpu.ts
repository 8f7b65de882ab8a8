/**
 * CPU time of processes, read from /proc (Linux only): user + system time, in milliseconds.
 *
 * `wrangler dev` runs two workerd processes: a proxy that owns the port we call, and the one
 * that runs our worker (with Miniflare's KV simulator, SQLite on disk, in the same process).
 * They are told apart by their `--socket-addr=entry=` argument.
 *
 * @example
 * const before = cpuTimes(pids);
 * await load();
 * const used = cpuDelta(before, cpuTimes(pids)); // { [pid]: ms }
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of one process in ms, or NaN when it is gone (or not on Linux). */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at "state" (field 3).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** A process we watch, with a label saying what it is. */
export interface Watched {
  pid: number;
  label: string;
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** Every live descendant of `root` (default: this process). */
export function descendants(root = process.pid): number[] {
  let pids: number[] = [];
  try {
    pids = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const next = queue.shift() as number;
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * The processes behind `wrangler dev` listening on `workerPort`: the workerd that runs the
 * worker, the workerd proxy in front of it, and wrangler's own Node processes.
 */
export function wranglerProcesses(workerPort: number): Watched[] {
  const watched: Watched[] = [];
  for (const pid of descendants()) {
    const cmd = commandLine(pid);
    if (/workerd\S*\s+serve/.test(cmd)) {
      const proxy =
        cmd.includes(`--socket-addr=entry=127.0.0.1:${workerPort} `) || cmd.endsWith(`entry=127.0.0.1:${workerPort}`);
      watched.push({ pid, label: proxy ? "workerd (wrangler dev proxy)" : "workerd (worker + local KV)" });
    } else if (/wrangler/.test(cmd) && /\bdev\b/.test(cmd)) {
      watched.push({ pid, label: "wrangler (node)" });
    }
  }
  return watched;
}

/** CPU time of each watched process now, by pid. */
export function cpuTimes(watched: readonly Watched[]): Map<number, number> {
  return new Map(watched.map((w) => [w.pid, cpuTimeMs(w.pid)]));
}

/** CPU ms used between two readings, summed by label. */
export function cpuDelta(
  watched: readonly Watched[],
  before: Map<number, number>,
  after: Map<number, number>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const w of watched) {
    const delta = (after.get(w.pid) ?? Number.NaN) - (before.get(w.pid) ?? Number.NaN);
    used[w.label] = (used[w.label] ?? 0) + delta;
  }
  return used;
}

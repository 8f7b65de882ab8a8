/**
 * Resident memory of processes, read from /proc/<pid>/status (Linux only), sampled while some
 * work runs: the figure for "how much memory did the worker need for this".
 *
 * @example
 * const sampler = sampleRss([pid]);
 * await work();
 * const { baselineKiB, peakKiB } = sampler.stop()[pid];
 */
import { readFileSync } from "node:fs";

/** VmRSS and VmHWM (the process's lifetime peak) in KiB, or null when the process is gone. */
export function rssKiB(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rss: field("VmRSS"), hwm: field("VmHWM") };
  } catch {
    return null;
  }
}

/** Memory of one process over a sampling window. */
export interface RssWindow {
  baselineKiB: number;
  peakKiB: number;
  /** VmHWM at the end: the peak since the process started, which a sample may miss. */
  highWaterMarkKiB: number;
  samples: number;
}

/** Samples each pid's VmRSS every `everyMs` until `stop()`. */
export function sampleRss(pids: readonly number[], everyMs = 20): { stop(): Record<number, RssWindow> } {
  const windows = new Map<number, RssWindow>();
  for (const pid of pids) {
    const now = rssKiB(pid);
    if (now) windows.set(pid, { baselineKiB: now.rss, peakKiB: now.rss, highWaterMarkKiB: now.hwm, samples: 1 });
  }
  const take = () => {
    for (const [pid, w] of windows) {
      const now = rssKiB(pid);
      if (!now) continue;
      w.peakKiB = Math.max(w.peakKiB, now.rss);
      w.highWaterMarkKiB = now.hwm;
      w.samples++;
    }
  };
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return Object.fromEntries(windows);
    },
  };
}

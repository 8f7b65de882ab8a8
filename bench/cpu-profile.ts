/**
 * A V8 CPU profile (the DevTools protocol's `Profiler.stop` answer) cut into per-request CPU
 * time, and where that time went.
 *
 * How a sample becomes time, and why it is the isolate's own CPU: workerd takes V8's isolate lock
 * (`v8::Locker`) to run anything in the isolate, and V8's sampler drops every tick that finds the
 * isolate not locked by its thread (`kIsolateNotLocked`), so ticks while the thread idles, or runs
 * Miniflare's KV, D1 or entry workers (other isolates, other locks), leave no sample. Every
 * sample is therefore a tick with our isolate locked: running our JavaScript, V8's garbage
 * collector, or workerd's C++ inside the lock (`(program)`). A sample weighs the time since the
 * previous one when the two are consecutive ticks (at most twice the profile's usual spacing
 * apart, {@link tickSpacingUs}), and the usual spacing otherwise (the first tick after an idle gap). Sample timestamps are V8's monotonic
 * clock in microseconds, the same clock as Node's `process.hrtime` on the same machine, so a
 * request's window, timed by the bench, picks its samples.
 *
 * @example
 * const perRequest = cpuPerWindow(profile, windows, 50); // [{ totalUs, jsUs, gcUs, programUs }, ...]
 * const top = hotspots(profile, windows, 50, mapLocation);
 */

/** The parts of a CDP `Profiler.Profile` the bench reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** A span of the monotonic clock, in microseconds: [start, end). */
export interface Window {
  start: number;
  end: number;
}

/** The isolate's CPU in one window, in microseconds. */
export interface WindowCpu {
  totalUs: number;
  /** Running JavaScript (ours, the libraries', Hono's, wrangler's middleware). */
  jsUs: number;
  /** V8's garbage collector. */
  gcUs: number;
  /** workerd's C++ inside the isolate lock, V8 compiling, the inspector's own work. */
  programUs: number;
  samples: number;
}

/** Nowadays a microsecond clock reading of this process, comparable with the profile's. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

interface Sample {
  at: number;
  weight: number;
  node: number;
}

/**
 * The profile's usual tick spacing, µs: V8's sampler runs late on a busy machine (about 120 µs
 * between ticks when 50 are asked), so the spacing is read from the profile, not assumed. The
 * median of the gaps shorter than ten intervals: most samples follow another one in the same busy
 * stretch, while the first of each stretch follows an idle gap.
 */
export function tickSpacingUs(profile: CpuProfile, intervalUs: number): number {
  const close = (profile.timeDeltas ?? []).filter((d) => d > 0 && d < 10 * intervalUs).sort((a, b) => a - b);
  return close.length ? (close[Math.floor(close.length / 2)] as number) : intervalUs;
}

function samplesOf(profile: CpuProfile, intervalUs: number): Sample[] {
  const spacing = tickSpacingUs(profile, intervalUs);
  const out: Sample[] = [];
  let at = profile.startTime;
  const ids = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < ids.length; i++) {
    const delta = deltas[i] ?? 0;
    at += delta;
    out.push({ at, weight: delta > 0 && delta <= 2 * spacing ? delta : spacing, node: ids[i] as number });
  }
  return out;
}

function kindOf(functionName: string): "gc" | "program" | "idle" | "js" {
  if (functionName === "(garbage collector)") return "gc";
  if (functionName === "(program)" || functionName === "(root)") return "program";
  if (functionName === "(idle)") return "idle";
  return "js";
}

/** CPU per window; a sample belongs to the window whose span holds its timestamp. */
export function cpuPerWindow(profile: CpuProfile, windows: readonly Window[], intervalUs: number): WindowCpu[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = samplesOf(profile, intervalUs);
  return windows.map((w) => {
    const cpu: WindowCpu = { totalUs: 0, jsUs: 0, gcUs: 0, programUs: 0, samples: 0 };
    for (const s of samples) {
      if (s.at < w.start || s.at >= w.end) continue;
      const kind = kindOf(byId.get(s.node)?.callFrame.functionName ?? "(program)");
      if (kind === "idle") continue;
      cpu.samples++;
      cpu.totalUs += s.weight;
      if (kind === "gc") cpu.gcUs += s.weight;
      else if (kind === "program") cpu.programUs += s.weight;
      else cpu.jsUs += s.weight;
    }
    return cpu;
  });
}

/** A place in the code, as the profile names it or mapped to the source. */
export type Locate = (frame: CpuProfile["nodes"][number]["callFrame"]) => string;

/** Time by place: `self` where the sample was taken, `total` anywhere on its stack. */
export interface Hotspot {
  where: string;
  selfUs: number;
  totalUs: number;
}

/**
 * The places that took the most time in the windows: self time (the frame on top) and total
 * time (the frame anywhere on the stack, counted once per sample). `locate` names a frame.
 */
export function hotspots(
  profile: CpuProfile,
  windows: readonly Window[],
  intervalUs: number,
  locate: Locate,
): { self: Hotspot[]; total: Hotspot[]; windowUs: number } {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const names = new Map<number, string>();
  const nameOf = (id: number) => {
    let name = names.get(id);
    if (name === undefined) {
      const frame = byId.get(id)?.callFrame;
      name = frame ? locate(frame) : "?";
      names.set(id, name);
    }
    return name;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let windowUs = 0;
  for (const s of samplesOf(profile, intervalUs)) {
    if (!windows.some((w) => s.at >= w.start && s.at < w.end)) continue;
    const top = byId.get(s.node)?.callFrame.functionName ?? "";
    if (kindOf(top) === "idle") continue;
    windowUs += s.weight;
    const topName = nameOf(s.node);
    self.set(topName, (self.get(topName) ?? 0) + s.weight);
    const seen = new Set<string>();
    for (let id: number | undefined = s.node; id !== undefined; id = parent.get(id)) {
      const name = nameOf(id);
      if (name === "(root)" || seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + s.weight);
    }
  }
  const list = (m: Map<string, number>, key: "selfUs" | "totalUs") =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([where, us]) => ({
        where,
        selfUs: key === "selfUs" ? us : (self.get(where) ?? 0),
        totalUs: key === "totalUs" ? us : (total.get(where) ?? 0),
      }));
  return { self: list(self, "selfUs"), total: list(total, "totalUs"), windowUs };
}

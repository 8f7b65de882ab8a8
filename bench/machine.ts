import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { ROOT } from "../scripts/wrangler-env.ts";

/** The machine the figures come from, printed beside them. */
export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  wrangler: string;
  workerd: string;
  /** 1-minute load average when the bench started (other work on the machine shows here). */
  loadAverageAtStart: number;
  loadAverageAtEnd?: number;
}

const version = (pkg: string) => {
  try {
    return (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string })
      .version;
  } catch {
    return "unknown";
  }
};

/** Cores, CPU model, memory, OS and the versions of Node, wrangler and workerd. */
export function describeMachine(): Machine {
  let workerd = version("workerd");
  try {
    workerd = execFileSync(join(ROOT, "node_modules", ".bin", "workerd"), ["--version"], { encoding: "utf8" }).trim();
  } catch {
    // keep the package version
  }
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    wrangler: version("wrangler"),
    workerd,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** One line: "2 × Intel Xeon, 23.5 GiB, Node v24.21.0, load 0.42". */
export function machineLine(m: Machine): string {
  const load =
    m.loadAverageAtEnd === undefined ? `${m.loadAverageAtStart}` : `${m.loadAverageAtStart} → ${m.loadAverageAtEnd}`;
  return `${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, wrangler ${m.wrangler}, ${m.workerd}; load average ${load}`;
}

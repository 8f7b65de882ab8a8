import { d1BackOffice } from "./adapters/d1-back-office.ts";
import { purgePersonalData, retentionDays } from "./services/back-office/retention.ts";

/**
 * The scheduled work (`[triggers] crons` in wrangler.toml), one job after another; each is safe
 * to run twice, and one that fails is logged without stopping the others. Today: erasing buyer
 * and shipping details past `PERSONAL_DATA_RETENTION_DAYS`.
 *
 * @example await runScheduled(env, new Date(controller.scheduledTime));
 */
export async function runScheduled(env: Env, now: Date): Promise<{ job: string; ok: boolean }[]> {
  const jobs: [string, () => Promise<unknown>][] = [
    [
      "purge_personal_data",
      () =>
        purgePersonalData(
          { office: d1BackOffice(env.CHECKOUT_DB), now: () => now },
          retentionDays(env.PERSONAL_DATA_RETENTION_DAYS),
        ),
    ],
  ];
  const results: { job: string; ok: boolean }[] = [];
  for (const [job, run] of jobs) {
    try {
      await run();
      results.push({ job, ok: true });
    } catch (error) {
      console.error(JSON.stringify({ event: "scheduled_job_failed", job, error: String(error) }));
      results.push({ job, ok: false });
    }
  }
  return results;
}

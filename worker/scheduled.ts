import { d1BackOffice } from "./adapters/d1-back-office.ts";
import { createNotifications, createScheduledServices } from "./compose.ts";
import { purgePersonalData, retentionDays } from "./services/back-office/retention.ts";

/**
 * The scheduled work (`[triggers] crons` in wrangler.toml), one job after another; each is safe
 * to run twice, and one that fails is logged without stopping the others:
 * - `reconcile_payments`: settles every order whose payment PortOne changed since the last run
 *   (a sale whose browser report and webhooks were lost);
 * - `expire_orders`: ends `PENDING` orders older than two days and accounts past their due time,
 *   after asking PortOne whether they were paid after all;
 * - `purge_personal_data`: erases buyer and shipping details past `PERSONAL_DATA_RETENTION_DAYS`;
 * - `deliver_notifications`: sends the merchant's messages still due (a first attempt that failed
 *   or never ran, retries with backoff for 24 hours), last so the sales settled above go too.
 *
 * The first two need PortOne's configuration; without it they fail (logged) and the purge still runs.
 *
 * @example await runScheduled(env, new Date(controller.scheduledTime));
 */
export async function runScheduled(env: Env, now: Date): Promise<{ job: string; ok: boolean }[]> {
  const portone = () => {
    const built = createScheduledServices(env, now);
    if (!built.ok) throw new Error(`not configured: ${JSON.stringify(built.error)}`);
    return built.value;
  };
  const jobs: [string, () => Promise<unknown>][] = [
    [
      "reconcile_payments",
      async () => {
        const result = await portone().reconcile();
        // PortOne did not answer: the checkpoint stayed, the next run covers this window too.
        if (!result.ok) throw new Error(`PortOne listing failed: ${JSON.stringify(result.error.failure)}`);
      },
    ],
    ["expire_orders", () => portone().expireOrders()],
    [
      "purge_personal_data",
      () =>
        purgePersonalData(
          { office: d1BackOffice(env.CHECKOUT_DB), now: () => now },
          retentionDays(env.PERSONAL_DATA_RETENTION_DAYS),
        ),
    ],
    ["deliver_notifications", () => createNotifications(env, () => now).deliverDue()],
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

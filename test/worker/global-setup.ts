import type { TestProject } from "vitest/node";
import { startEmulator } from "../../emulator/server.ts";

/** Test-only secrets (not real PortOne credentials). */
export const TEST_API_SECRET = "test-api-secret-for-the-emulator";
export const TEST_WEBHOOK_SECRET = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5";

/**
 * Starts the PortOne emulator in Node on a free port for the worker tests; the worker inside
 * workerd reaches it through PORTONE_API_BASE, exactly as it would reach api.portone.io.
 */
export default async function setup(project: TestProject) {
  const emulator = await startEmulator({
    port: 0,
    apiSecret: TEST_API_SECRET,
    webhookSecret: TEST_WEBHOOK_SECRET,
    manualConfirmChannelKeys: ["channel-key-test-manual"],
  });
  project.provide("emulatorUrl", emulator.url);
  project.provide("emulatorApiSecret", TEST_API_SECRET);
  project.provide("emulatorWebhookSecret", TEST_WEBHOOK_SECRET);
  return () => emulator.close();
}

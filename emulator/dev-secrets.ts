/**
 * Fixed secrets for local development and tests against the emulator. They are public on
 * purpose: the emulator accepts nothing else by default, and the real PortOne never accepts them.
 *
 * @example
 * ```ts
 * import { DEV_API_SECRET, DEV_WEBHOOK_SECRET } from "./emulator/dev-secrets.ts";
 * const emulator = createEmulator({ apiSecret: DEV_API_SECRET, webhookSecret: DEV_WEBHOOK_SECRET });
 * ```
 */
export const DEV_API_SECRET = "portone-emulator-dev-api-secret";

/** The dev webhook secret, `whsec_` + base64("portone-emulator-dev-webhook-key"). */
export const DEV_WEBHOOK_SECRET = "whsec_cG9ydG9uZS1lbXVsYXRvci1kZXYtd2ViaG9vay1rZXk=";

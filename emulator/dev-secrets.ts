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

/** The dev V1 REST API key (`imp_key` of `POST /users/getToken`). */
export const DEV_V1_API_KEY = "portone-emulator-dev-v1-api-key";

/** The dev V1 REST API secret (`imp_secret`). */
export const DEV_V1_API_SECRET = "portone-emulator-dev-v1-api-secret";

/** The dev V1 가맹점 식별코드 for `IMP.init` (public, as a real one is). */
export const DEV_V1_IMP_CODE = "imp00000000";

/** What test/worker/global-setup.ts provides to the worker tests and the pool's bindings. */
declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
    emulatorApiSecret: string;
    emulatorWebhookSecret: string;
    /** The local Access team's URL (its JWKS at /cdn-cgi/access/certs) and its private key. */
    accessTeamUrl: string;
    accessPrivateJwk: string;
    /** The local Slack, Discord and Telegram receiver (test/worker/global-setup.ts). */
    notifyReceiverUrl: string;
  }
}

export {};

/** What test/worker/global-setup.ts provides to the worker tests and the pool's bindings. */
declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
    emulatorApiSecret: string;
    emulatorWebhookSecret: string;
  }
}

export {};

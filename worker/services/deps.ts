import type { OrderStore } from "../adapters/kv-order-store.ts";
import type { PaymentGateway } from "../adapters/portone-gateway.ts";
import type { Config } from "../config.ts";

/** What every service gets: storage, PortOne, configuration and the clock, all injectable. */
export interface ServiceDeps {
  store: OrderStore;
  gateway: PaymentGateway;
  config: Config;
  now: () => Date;
}

import type { Context, Hono } from "hono";
import type { EmulatorCore } from "../core.ts";
import { v1ControlRoutes } from "./control.ts";
import { V1NoticeOutbox } from "./notices.ts";
import { isV1Request, v1RestRoutes } from "./rest.ts";
import type { V1Options, V1State } from "./state.ts";
import { v1WindowRoutes } from "./window.ts";

/** The V1 side of an emulator: its state and routes, wired into the app by `createEmulator`. */
export type V1Emulator = {
  state: V1State;
  /** The REST API V1, served only for requests {@link isV1Request} claims. */
  rest: Hono;
  /** `/_emulator/v1/...`, `/sdk/v1/iamport.js`, `/v1/window`, `/assets/v1-window.js`. */
  routes: Hono[];
  claims(c: Context): boolean;
};

/** Creates the V1 side over the V2 core (sharing its clock, ids, faults and `dropWebhooks`). */
export function createV1(core: EmulatorCore, options: V1Options): V1Emulator {
  let counter = 0;
  const state: V1State = {
    core,
    options,
    payments: new Map(),
    prepared: new Map(),
    tokens: new Map(),
    notices: new V1NoticeOutbox(core.options.now),
    businessFaults: [],
    config: { webhookUrl: options.webhookUrl, webhookContentType: options.webhookContentType },
    now: () => Math.floor(core.options.now().getTime() / 1000),
    newImpUid: () => {
      // Payments kept from an earlier run (state-file.ts) hold the first numbers: skip them.
      let id: string;
      do id = `imp_${String(100_000_000_000 + ++counter)}`;
      while (state.payments.has(id));
      return id;
    },
    reset() {
      state.payments.clear();
      state.prepared.clear();
      state.tokens.clear();
      state.notices.clear();
      state.businessFaults.length = 0;
      state.config = { webhookUrl: options.webhookUrl, webhookContentType: options.webhookContentType };
    },
  };
  return {
    state,
    rest: v1RestRoutes(state),
    routes: [v1ControlRoutes(state), v1WindowRoutes()],
    claims: (c) => isV1Request(state, c),
  };
}

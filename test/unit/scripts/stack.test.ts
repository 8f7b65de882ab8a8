import { describe, expect, it } from "vitest";
import { localAllowedOrigins, portsInUseMessage } from "../../../scripts/stack.ts";

const shop = "http://127.0.0.1:8080";

describe("localAllowedOrigins()", () => {
  it.each([
    { what: "only the demo shop's origin by default", devVars: "", extra: [], expected: shop },
    {
      what: "the shop's, then .dev.vars', then the command line's, without trailing slashes",
      devVars: "http://localhost:5173/",
      extra: ["http://localhost:3000"],
      expected: `${shop},http://localhost:5173,http://localhost:3000`,
    },
    {
      what: "comma-separated lists from both places, each origin once",
      devVars: " http://localhost:5173 , http://localhost:3000",
      extra: ["http://localhost:3000,http://localhost:4000"],
      expected: `${shop},http://localhost:5173,http://localhost:3000,http://localhost:4000`,
    },
    { what: "* alone when any entry is *", devVars: "http://localhost:5173", extra: ["*"], expected: "*" },
  ])("gives $what", ({ devVars, extra, expected }) => {
    expect(localAllowedOrigins(shop, devVars, extra)).toBe(expected);
  });
});

describe("portsInUseMessage()", () => {
  it("names each taken port, what it is for and the variable that moves it, on one line", () => {
    const message = portsInUseMessage([
      { port: 8787, role: "the worker", variable: "WORKER_PORT" },
      { port: 8080, role: "the demo shop", variable: "SHOP_PORT" },
    ]);
    expect(message).toBe(
      "Ports 8787 (the worker, WORKER_PORT), 8080 (the demo shop, SHOP_PORT) already in use: is another `npm start` still running? Stop it, or set WORKER_PORT/SHOP_PORT to a free port.",
    );
  });
});

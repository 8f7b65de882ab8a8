import { describe, expect, it } from "vitest";
import { clientOf } from "../../../worker/admin/guard.ts";

const of = (ip?: string) => clientOf((name) => (name === "cf-connecting-ip" ? ip : undefined));

describe("clientOf", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
  ])("counts %s as the client %s", (ip, client) => {
    expect(of(ip)).toBe(client);
  });

  it("gives every address in one /64 the same key and the next /64 another", () => {
    expect(of("2001:db8:a:b:1::1")).toBe(of("2001:db8:a:b:ffff:ffff:ffff:ffff"));
    expect(of("2001:db8:a:c::1")).not.toBe(of("2001:db8:a:b::1"));
  });

  it("keeps two IPv4 clients written as IPv6 apart (they are not one /64)", () => {
    expect(of("::ffff:198.51.100.1")).not.toBe(of("::ffff:198.51.100.2"));
  });

  it("names a request without Cloudflare's header 'unknown'", () => {
    expect(of(undefined)).toBe("unknown");
  });
});

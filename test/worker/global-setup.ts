import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
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
  const access = await startAccessTeam();
  project.provide("accessTeamUrl", access.url);
  project.provide("accessPrivateJwk", access.privateJwk);
  const receiver = await startNotifyReceiver();
  project.provide("notifyReceiverUrl", receiver.url);
  return async () => {
    await emulator.close();
    await access.close();
    await receiver.close();
  };
}

/**
 * A stand-in for a Cloudflare Access team: its signing keys at `/cdn-cgi/access/certs`, as
 * `https://<team>.cloudflareaccess.com` serves them. The tests sign tokens with the private key.
 */
async function startAccessTeam() {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = "test-access-key";
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] });
  const server = createServer((request, response) => {
    if (request.url === "/cdn-cgi/access/certs") {
      response.writeHead(200, { "content-type": "application/json" }).end(jwks);
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    privateJwk: JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: "RS256" }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One request the receiver got. */
interface Received {
  path: string;
  body: string;
}

/**
 * A local stand-in for Slack, Discord and Telegram in Node, for the worker tests: it records
 * every POST and answers 200, or what a test scripted for a path prefix (`POST /_script`
 * `{ path, status, headers, count, delayMs }`). `GET /_messages?path=` lists what arrived under a prefix.
 * Each test uses its own prefix, so tests never see each other's messages.
 */
async function startNotifyReceiver() {
  const received: Received[] = [];
  const scripts: { path: string; status: number; headers: Record<string, string>; count: number; delayMs: number }[] =
    [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://receiver");
      const body = Buffer.concat(chunks).toString("utf8");
      if (url.pathname === "/_script") {
        scripts.push({ headers: {}, count: 1, delayMs: 0, ...JSON.parse(body) });
        response.writeHead(204).end();
        return;
      }
      if (url.pathname === "/_messages") {
        const prefix = url.searchParams.get("path") ?? "/";
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(received.filter((r) => r.path.startsWith(prefix))));
        return;
      }
      const script = scripts.find((s) => s.count > 0 && url.pathname.startsWith(s.path));
      if (script) {
        script.count--;
        received.push({ path: `${url.pathname}#${script.status}`, body });
        setTimeout(
          () => response.writeHead(script.status, script.headers).end(`{"ok":false,"status":${script.status}}`),
          script.delayMs,
        );
        return;
      }
      received.push({ path: url.pathname, body });
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

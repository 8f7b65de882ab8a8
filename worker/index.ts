import { app } from "./app.ts";

/**
 * The Worker entry: the Hono app. The drop-in script (`/portone-checkout.js`) and anything
 * else in `dist/assets/` is served by Workers Static Assets before the worker runs.
 */
export default app;

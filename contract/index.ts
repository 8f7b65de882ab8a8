/**
 * The wire contract between the worker, the element, the tests and the bench. Import types with
 * `import type` from the element so the drop-in gains no bytes.
 */

export * from "./admin.ts";
export * from "./api.ts";
export * from "./errors.ts";

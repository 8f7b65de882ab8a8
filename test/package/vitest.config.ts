import { defineConfig } from "vitest/config";

/**
 * The package as a front-end developer gets it: `npm pack`, the tarball installed into the
 * example apps in `examples/`, type-checked and built; the README's snippets against those apps;
 * the framework declarations against the element's `custom-elements.json`. Its own config (not
 * a project of the root one) so `npm test` runs it once, after the other suites, with its own
 * result file: `npx vitest run --config test/package/vitest.config.ts`.
 */
export default defineConfig({
  test: {
    name: "package",
    environment: "node",
    include: ["test/package/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ["default", "json"],
    outputFile: { json: "coverage/vitest-package-results.json" },
  },
});

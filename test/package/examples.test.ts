import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PackedTarball, packTarball, ROOT, rootPackage, run } from "./support.ts";

/** The example apps: each is installed from the tarball, type-checked and built. */
const examples = [
  { name: "react", typecheck: ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."] },
  { name: "vue", typecheck: ["node_modules/vue-tsc/bin/vue-tsc.js", "--noEmit", "-p", "."] },
] as const;

/** Minified or not, the bundle defines the element under its tag. */
const registration = /customElements\.define\(\s*["'`]portone-checkout["'`]/;

let tarball: PackedTarball;
/** The tarball unpacked: its `package/` folder. */
let unpacked: string;
beforeAll(() => {
  tarball = packTarball();
  const folder = mkdtempSync(join(tmpdir(), "portone-checkout-unpacked-"));
  run("tar", ["-xzf", tarball.path, "-C", folder], folder);
  unpacked = join(folder, "package");
});

/** The packages a file imports by bare specifier (`lit/decorators.js` → `lit`), comments aside. */
function importedPackages(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const specifiers = [...code.matchAll(/\b(?:from|import|module)\s*\(?\s*["']([^"'./][^"']*)["']/g)].map(
    ([, specifier]) => specifier!.replace(/^((?:@[^/]+\/)?[^/]+).*$/, "$1"),
  );
  return [...new Set(specifiers)];
}

/** Every file an `exports` entry (or a top-level field) points at, wildcards as regular expressions. */
function exportTargets(): string[] {
  const targets = Object.values(rootPackage.exports).flatMap((target) =>
    typeof target === "string" ? [target] : Object.values(target),
  );
  return [...targets, rootPackage.types, rootPackage.module, rootPackage.customElements];
}

describe("npm pack", () => {
  it("puts every file that package.json points at in the tarball, the drop-in scripts included", () => {
    for (const target of exportTargets()) {
      const pattern = new RegExp(`^${target.replace(/^\.\//, "").replaceAll(".", "\\.").replace("*", "[^/]+")}$`);
      expect(
        tarball.files.some((file) => pattern.test(file)),
        `${target} is in the tarball`,
      ).toBe(true);
    }
    expect(tarball.files).toEqual(
      expect.arrayContaining([
        "dist/assets/portone-checkout.js",
        "dist/widget/types/widget/frameworks/react.d.ts",
        "dist/widget/types/widget/frameworks/vue.d.ts",
        "dist/widget/types/widget/frameworks/svelte.d.ts",
      ]),
    );
  });

  it("builds the element in prepack, so the tarball of a fresh clone (no dist/ yet) has the code", () => {
    const { scripts } = rootPackage;
    expect(scripts.prepack).toMatch(/\bnpm run (build|build:widget)\b/);
    expect(scripts["build:widget"]).toMatch(/vite build .*--mode esm.*tsconfig\.types\.json.*manifest/);
  });

  it("leaves the worker, the sources and the tests out of the tarball", () => {
    const outside = tarball.files.filter(
      (file) => !file.startsWith("dist/widget/") && !file.startsWith("dist/assets/") && !/^[\w.-]+$/.test(file),
    );
    expect(outside).toEqual([]);
  });

  it("imports at run time only what package.json lists in dependencies: lit and @portone/browser-sdk", () => {
    const imported = importedPackages(readFileSync(join(unpacked, "dist/widget/portone-checkout.mjs"), "utf8"));
    expect(imported).toContain("lit");
    expect(imported.filter((name) => !(name in rootPackage.dependencies))).toEqual([]);
    expect(Object.keys(rootPackage.dependencies).sort()).toEqual(["@portone/browser-sdk", "lit"]);
  });

  it("refers in its types only to its dependencies and the frameworks' optional peers", () => {
    const declarations = tarball.files.filter((file) => file.endsWith(".d.ts"));
    const imported = declarations.flatMap((file) => importedPackages(readFileSync(join(unpacked, file), "utf8")));
    const known = {
      ...rootPackage.dependencies,
      ...rootPackage.peerDependencies,
      react: "@types/react",
    };
    expect([...new Set(imported)].filter((name) => !(name in known))).toEqual([]);
  });
});

describe("examples/", () => {
  it.each(examples)(
    "pins $name to this package's exact version and its frameworks to the root devDependencies (npm's cache)",
    ({ name }) => {
      const example = JSON.parse(readFileSync(join(ROOT, "examples", name, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      const { "portone-checkout": self, ...others } = { ...example.dependencies, ...example.devDependencies };
      // Exactly this version, as the README asks of a merchant's site (the test installs the tarball instead).
      expect(self).toBe(rootPackage.version);
      for (const [dependency, version] of Object.entries(others)) {
        expect(version, dependency).toBe(rootPackage.devDependencies[dependency]);
      }
    },
  );

  it.each(examples)(
    "installs the packed tarball into $name, type-checks it and builds it with the element registered",
    ({ name, typecheck }) => {
      const app = join(mkdtempSync(join(tmpdir(), `portone-checkout-${name}-`)), name);
      cpSync(join(ROOT, "examples", name), app, {
        recursive: true,
        filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
      });
      const manifest = join(app, "package.json");
      const pkg = JSON.parse(readFileSync(manifest, "utf8"));
      pkg.dependencies["portone-checkout"] = `file:${tarball.path}`;
      writeFileSync(manifest, JSON.stringify(pkg, null, 2));

      run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], app);
      expect(existsSync(join(app, "node_modules/portone-checkout/dist/widget/portone-checkout.mjs"))).toBe(true);
      run(process.execPath, [...typecheck], app);
      run(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"], app);

      const assets = join(app, "dist/assets");
      const bundle = readdirSync(assets)
        .filter((file) => file.endsWith(".js"))
        .map((file) => readFileSync(join(assets, file), "utf8"))
        .join("\n");
      expect(registration.test(bundle), "the built app defines <portone-checkout>").toBe(true);
    },
  );
});

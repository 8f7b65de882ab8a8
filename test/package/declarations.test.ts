import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, rootPackage, run } from "./support.ts";

/** What `custom-elements.json` says about `<portone-checkout>`. */
interface ManifestElement {
  attributes: { name: string }[];
  events: { name: string }[];
  members: { kind: string; name: string; attribute?: string; readonly?: boolean; static?: boolean; privacy?: string }[];
}

/**
 * A fresh manifest of the element's sources, made with the package's own `manifest` script in a
 * copy of `widget/` and `contract/` (the analyzer also writes a `customElements` field into the
 * package.json of the folder it runs in).
 */
function analyzeElement(): ManifestElement {
  const copy = mkdtempSync(join(tmpdir(), "portone-checkout-cem-"));
  for (const folder of ["widget", "contract"]) cpSync(join(ROOT, folder), join(copy, folder), { recursive: true });
  const script = rootPackage.scripts.manifest!;
  const args = script
    .replace(/^cem /, "")
    .replace(/--outdir \S+/, "")
    .split(/\s+/)
    .filter(Boolean)
    .map((arg) => arg.replace(/^'(.*)'$/, "$1"));
  run(
    process.execPath,
    [join(ROOT, "node_modules/@custom-elements-manifest/analyzer/cem.js"), ...args, "--outdir", "."],
    copy,
  );
  const outdir = copy;
  const manifest = JSON.parse(readFileSync(join(outdir, "custom-elements.json"), "utf8")) as {
    modules: { declarations?: (ManifestElement & { tagName?: string })[] }[];
  };
  const element = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((declaration) => declaration.tagName === "portone-checkout");
  if (!element) throw new Error("custom-elements.json has no <portone-checkout>");
  return element;
}

/** The property names of each exported type of widget/frameworks/attributes.ts, as TypeScript resolves them. */
function declaredNames(): Record<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, "widget/tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  )!;
  const file = join(ROOT, "widget/frameworks/attributes.ts");
  const program = ts.createProgram([file], config.options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const names: Record<string, string[]> = {};
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    names[symbol.name] = checker
      .getPropertiesOfType(type)
      .map((property) => property.name)
      .sort();
  }
  return names;
}

/** Attributes the element reads itself (`getAttribute`) and never writes: hints such as `portone-version`. */
function attributesReadBySource(): string[] {
  const source = readFileSync(join(ROOT, "widget/portone-checkout.ts"), "utf8");
  const read = [...source.matchAll(/getAttribute\("([\w-]+)"\)/g)].map(([, name]) => name!);
  const written = new Set([...source.matchAll(/setAttribute\("([\w-]+)"/g)].map(([, name]) => name!));
  return [...new Set(read)].filter((name) => !written.has(name));
}

describe("widget/frameworks (React, Vue and Svelte declarations)", () => {
  let element: ManifestElement;
  let declared: Record<string, string[]>;
  beforeAll(() => {
    element = analyzeElement();
    declared = declaredNames();
  });

  it("declares exactly the attributes of custom-elements.json, plus the ones the element reads itself", () => {
    const attributes = [...element.attributes.map((attribute) => attribute.name), ...attributesReadBySource()];
    expect(declared.PortOneCheckoutAttributes).toEqual([...new Set(attributes)].sort());
  });

  it("declares exactly the settable properties that have no attribute", () => {
    const withAttribute = new Set(element.attributes.map((attribute) => attribute.name));
    const propertiesOnly = element.members.filter(
      (member) =>
        member.kind === "field" &&
        !member.static &&
        !member.readonly &&
        (member.privacy ?? "public") === "public" &&
        !member.attribute &&
        !withAttribute.has(member.name),
    );
    expect(declared.PortOneCheckoutProperties).toEqual(propertiesOnly.map((member) => member.name).sort());
  });

  it("declares every event of custom-elements.json, and each as an on<event> prop", () => {
    const events = element.events.map((event) => event.name).sort();
    expect(declared.PortOneCheckoutEventMap).toEqual(events);
    expect(declared.PortOneCheckoutEventProps).toEqual(events.map((name) => `on${name}`).sort());
  });
});

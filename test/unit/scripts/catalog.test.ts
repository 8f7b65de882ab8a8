import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogProblems, diffCatalog, HELP } from "../../../scripts/catalog.ts";
import { ROOT } from "../../../scripts/wrangler-env.ts";
import { parseCatalog } from "../../../worker/domain/catalog.ts";

/** A catalog file's text with these products (and, optionally, a default currency). */
const text = (products: unknown[], currency?: string) =>
  JSON.stringify({ ...(currency ? { currency } : {}), products });
const cap = { id: "cap", name: "Cap", amount: 1999, currency: "USD" };
const mug = { id: "mug-white", name: "화이트 머그", amount: 12000 };

describe("catalogProblems()", () => {
  it("finds nothing wrong with a valid catalog", () => {
    expect(catalogProblems(text([cap, mug]))).toEqual([]);
  });

  it.each([
    {
      what: "a price written as text names the product by id and says KRW amounts are in won",
      products: [cap, { ...mug, amount: "12,000" }],
      expected: /^product "mug-white": amount: .*\(KRW amounts are in won \(29000 is ₩29,000\)\)$/,
    },
    {
      what: "a dollar price with cents says USD amounts are in cents",
      products: [{ ...cap, amount: 19.99 }, mug],
      expected: /^product "cap": amount: .*\(USD amounts are in cents \(1999 is \$19\.99\)\)$/,
    },
    {
      what: "the catalog's default currency decides the unit of a product without its own",
      products: [{ id: "book", name: "Book", amount: 12.5 }],
      currency: "EUR",
      expected: /^product "book": amount: .*EUR amounts are in cents/,
    },
    {
      what: "a product without an id is named by its position",
      products: [mug, { name: "Nameless", amount: 100 }],
      expected: /^product #2 \(no id\): id: /,
    },
    {
      what: "an id with capitals names the product and the rule",
      products: [{ ...mug, id: "Mug" }],
      expected: /^product "Mug": id: product id: lowercase letters/,
    },
    {
      what: "a misspelt key names the product",
      products: [{ ...mug, price: 12000 }],
      expected: /^product "mug-white": /,
    },
  ])("reports $what", ({ products, currency, expected }) => {
    const problems = catalogProblems(text(products, currency));
    expect(
      problems.some((p) => expected.test(p)),
      problems.join("\n"),
    ).toBe(true);
    expect(problems.join("\n")).not.toMatch(/products\.\d/);
  });

  it("names each duplicated id with where it appears", () => {
    const problems = catalogProblems(text([mug, cap, { ...mug, name: "Mug again" }, { ...cap, amount: 2999 }]));
    expect(problems).toEqual([
      'product id "mug-white" is used 2 times (products #1, #3): ids must be unique',
      'product id "cap" is used 2 times (products #2, #4): ids must be unique',
    ]);
  });

  it("names a duplicated id even when other products are invalid too", () => {
    const problems = catalogProblems(text([mug, { ...mug, amount: 0 }]));
    expect(problems).toContain('product id "mug-white" is used 2 times (products #1, #2): ids must be unique');
    expect(problems.some((p) => p.startsWith('product "mug-white": amount:'))).toBe(true);
  });

  it("says a file that is not JSON is not readable JSON", () => {
    expect(catalogProblems('{"products": [')).toEqual([expect.stringMatching(/^not readable JSON \(/)]);
  });

  it("reports a catalog with no products without naming one", () => {
    expect(catalogProblems(text([]))).toEqual([expect.stringMatching(/^products: /)]);
  });
});

describe("diffCatalog()", () => {
  const catalog = (products: unknown[]) => {
    const parsed = parseCatalog({ products });
    if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
    return parsed.catalog;
  };

  it("lists added, repriced and removed products by id", () => {
    const lines = diffCatalog(
      catalog([mug, cap]),
      catalog([
        { ...mug, amount: 13000 },
        { ...cap, id: "hat" },
      ]),
    );
    expect(lines).toEqual(["~ mug-white: price 12000 KRW → 13000 KRW", "+ hat: Cap, 1999 USD", "- cap: removed"]);
  });
});

describe("npm run catalog -- --help", () => {
  it("documents --remote, --yes and that USD amounts are in cents", () => {
    expect(HELP).toMatch(/--remote/);
    expect(HELP).toMatch(/--yes/);
    expect(HELP).toMatch(/cents for USD/);
  });
});

describe("npm run catalog (the command)", () => {
  /** Runs scripts/catalog.ts with stdin not a terminal, as CI does. */
  const catalogCli = (args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, "scripts/catalog.ts"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      input: "",
    });

  it("prints its usage with --help and exits 0", () => {
    const result = catalogCli(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("npm run catalog -- push [file] --remote --yes");
  });

  it("refuses push --remote without a terminal to ask unless --yes is given, writing nothing", () => {
    const result = catalogCli(["push", "--remote"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("refusing to write the production KV without asking: pass --yes");
  });

  it("exits 1 on an invalid file, naming the product", () => {
    const dir = mkdtempSync(join(tmpdir(), "catalog-cli-"));
    const file = join(dir, "catalog.json");
    writeFileSync(file, text([cap, { ...mug, amount: -1 }]));
    const result = catalogCli(["check", file]);
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/- product "mug-white": amount: /);
  });
});

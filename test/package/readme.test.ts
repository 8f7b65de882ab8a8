import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support.ts";

/** The README's "Embedding" section, up to the next `## ` heading. */
function embeddingSection(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Embedding\n");
  const end = readme.indexOf("\n## ", start + 1);
  if (start < 0) throw new Error("README.md has no '## Embedding' section");
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Each fenced code block with its language and the last `examples/...` path named before it. */
function codeBlocks(section: string): { lang: string; code: string; file: string | undefined }[] {
  const blocks: { lang: string; code: string; file: string | undefined }[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  let previousEnd = 0;
  for (const match of section.matchAll(fence)) {
    const prose = section.slice(previousEnd, match.index);
    const named = [...prose.matchAll(/`(examples\/[\w./-]+)`/g)].at(-1);
    blocks.push({ lang: match[1]!, code: match[2]!, file: named?.[1] });
    previousEnd = match.index + match[0].length;
  }
  return blocks;
}

describe("README.md, Embedding", () => {
  const blocks = codeBlocks(embeddingSection());
  const frameworkBlocks = blocks.filter((block) => ["ts", "tsx", "vue"].includes(block.lang));

  it("quotes every framework snippet from a file of examples/, which npm test builds", () => {
    expect(frameworkBlocks.length).toBeGreaterThanOrEqual(5);
    expect(frameworkBlocks.filter((block) => block.file === undefined)).toEqual([]);
  });

  it.each(frameworkBlocks.map((block) => [block.file ?? "(no file named)", block.code]))(
    "shows %s exactly as the example has it",
    (file, code) => {
      expect(code).toBe(readFileSync(join(ROOT, file), "utf8"));
    },
  );
});

import ts from "typescript";
import { build, defineConfig, type Plugin } from "vite";

/**
 * Builds `<portone-checkout>` (widget/index.ts) two ways:
 * - default: the drop-in script `dist/assets/portone-checkout.js`, a minified IIFE with Lit and
 *   the PortOne SDK loader inside, served by the worker's static assets at `/portone-checkout.js`
 *   (a classic `<script src>`, no hashing, other files in `dist/assets` left alone), then (the
 *   modes in `views`, started by the first) the on-demand scripts, small IIFEs the element loads
 *   only when it needs them, beside the drop-in: the virtual-account panel
 *   `portone-checkout-va.js` when a deposit is due, the receipt `portone-checkout-receipt.js` once
 *   paid, PortOne V1's payment window `portone-checkout-v1.js` for a V1 order, every error code's
 *   message `portone-checkout-errors.js` when a payment fails, the reader of PortOne's redirect
 *   return `portone-checkout-return.js` when the URL may hold one, and the reader of a merchant's
 *   form `portone-checkout-form.js` for `form="..."`;
 * - `--mode esm`: `dist/widget/portone-checkout.mjs` for bundlers, with `lit` and
 *   `@portone/browser-sdk` left as imports (it loads the on-demand scripts from the worker too).
 */
/** The on-demand scripts by build mode: entry and file name. */
const views: Record<string, [entry: string, file: string]> = {
  va: ["widget/virtual-account-entry.ts", "portone-checkout-va.js"],
  receipt: ["widget/receipt-entry.ts", "portone-checkout-receipt.js"],
  v1: ["widget/payment-window-v1-entry.ts", "portone-checkout-v1.js"],
  errors: ["widget/error-messages-entry.ts", "portone-checkout-errors.js"],
  return: ["widget/redirect-return-entry.ts", "portone-checkout-return.js"],
  form: ["widget/form-details-entry.ts", "portone-checkout-form.js"],
};

export default defineConfig(({ mode }) => {
  const esm = mode === "esm";
  const view = views[mode];
  return {
    publicDir: false,
    // Lit's production build whatever NODE_ENV says (vitest, for one, sets it to "test").
    resolve: { conditions: ["module", "browser", "production"] },
    plugins: esm
      ? [keepDefine()]
      : view
        ? [minifyLitTemplates()]
        : [keepDefine(), minifyLitTemplates(), stripLitHooks(), thenBuildViews()],
    build: {
      outDir: esm ? "dist/widget" : "dist/assets",
      emptyOutDir: false,
      target: "es2022",
      minify: !esm,
      sourcemap: false,
      reportCompressedSize: false,
      lib: {
        // The drop-in script exports nothing (no global besides the element); bundlers use index.ts.
        entry: esm ? "widget/index.ts" : view ? view[0] : "widget/drop-in.ts",
        formats: [esm ? "es" : "iife"],
        name: "PortOneCheckout", // required by Vite for an IIFE; unused, the entries export nothing
        fileName: () => (esm ? "portone-checkout.mjs" : view ? view[1] : "portone-checkout.js"),
      },
      rolldownOptions: {
        external: esm ? [/^lit(\/|$)/, /^@lit\//, /^@portone\/browser-sdk(\/|$)/] : [],
      },
    },
  };
});

/**
 * Keeps widget/index.ts, whose import defines the element, in the build whatever package.json's
 * `sideEffects` says: that field speaks for the published files, and a list without the sources
 * would let the bundler drop the drop-in's `import "./index.js"` (an empty drop-in script).
 */
function keepDefine(): Plugin {
  return {
    name: "keep-define",
    transform(code, id) {
      return id.endsWith("/widget/index.ts") ? { code, map: null, moduleSideEffects: true } : null;
    },
  };
}

/** One `vite build` makes every script the worker serves: after the drop-in, each on-demand view. */
function thenBuildViews(): Plugin {
  return {
    name: "then-build-on-demand-views",
    apply: "build",
    async closeBundle() {
      for (const mode of Object.keys(views)) await build({ mode, logLevel: "warn" });
    },
  };
}

/**
 * Collapses the indentation inside the widget's `html` and `css` tagged templates and its
 * `unsafeCSS(`...`)` (the JS minifier leaves template text alone). Only the literal text between `${}` is touched, found
 * with the TypeScript parser; whitespace inside a line (`${a} ${b}`) is kept.
 */
function minifyLitTemplates(): Plugin {
  const minifiers: Record<string, (text: string) => string> = {
    css: (text) =>
      text
        .replace(/\s+/g, " ")
        .replace(/\s*([{};,>])\s*/g, "$1")
        .replace(/:\s+/g, ":")
        .replace(/;}/g, "}")
        .replace(/='([\w-]+)'\]/g, "=$1]")
        .replace(/ \/ /g, "/")
        .replace(/([^\d.])0\./g, "$1."),
    // Line breaks between tags and bindings go too: the templates put no inline content there.
    html: (text) => text.replace(/(^|>)\s*\n\s*(<|$)/g, "$1$2").replace(/\s*\n\s*/g, " "),
  };
  return {
    name: "minify-lit-templates",
    transform(code, id) {
      if (!/\/widget\/[\w.-]+\.ts$/.test(id)) return null;
      const file = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const edits: [number, number, string][] = [];
      const visit = (node: ts.Node) => {
        // unsafeCSS(`...`) is CSS too (see widget/portone-checkout.styles.ts).
        if (
          ts.isCallExpression(node) &&
          ts.isIdentifier(node.expression) &&
          node.expression.text === "unsafeCSS" &&
          node.arguments[0] &&
          ts.isNoSubstitutionTemplateLiteral(node.arguments[0])
        ) {
          const literal = node.arguments[0];
          const [start, end] = [literal.getStart(file) + 1, literal.end - 1];
          edits.push([start, end, minifiers.css!(code.slice(start, end))]);
        }
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
          const minify = minifiers[node.tag.text];
          const template = node.template;
          const literals = ts.isNoSubstitutionTemplateLiteral(template)
            ? [template]
            : [template.head, ...template.templateSpans.map((span) => span.literal)];
          for (const literal of minify ? literals : []) {
            // Between the opening "`" or "}" and the closing "`" or "${".
            const start = literal.getStart(file) + 1;
            const end = literal.end - (ts.isTemplateHead(literal) || ts.isTemplateMiddle(literal) ? 2 : 1);
            edits.push([start, end, minify!(code.slice(start, end))]);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) {
        out = out.slice(0, start) + text + out.slice(end);
      }
      return { code: out, map: null };
    },
  };
}

/**
 * Drops, from the drop-in's copy of Lit only, the hooks a page-level Lit add-on would call and
 * the drop-in never uses: the ShadyDOM polyfill-support and SSR-hydration hooks (the drop-in is
 * a client-only element for browsers with native shadow DOM, es2022) and the
 * `litHtmlVersions`-style arrays behind Lit's "loaded twice" warning (the drop-in bundles its own
 * Lit by design); the decorators' metadata and class initializers (the element declares
 * `static properties`); the `useDefault` and own-accessor (`wrapped`) property options, which it
 * never sets; two error messages for misuse of Lit's API the element never commits; and the
 * template features listed below that no template here uses. About 110 + 700 bytes gzipped
 * (the first 110 paid for reaching PortOne V1's window). Each
 * pattern must match Lit's (minified) production build exactly once, so a Lit upgrade that
 * changes them fails the build instead of passing silently.
 */
function stripLitHooks(): Plugin {
  const v = String.raw`\(\w+\.\w+Versions\?\?=\[\]\)\.push\("[\d.]+"\)`;
  const edits: [file: RegExp, code: RegExp, by: string][] = [
    [/reactive-element\.js$/, /\w+=\w+\.reactiveElementPolyfillSupport,/, ""],
    [/reactive-element\.js$/, new RegExp(String.raw`\w+\?\.\(\{ReactiveElement:\w+\}\),${v}`), "0"],
    [/lit-html\.js$/, new RegExp(String.raw`,\w+=\w+\.litHtmlPolyfillSupport;\w+\?\.\(\w+,\w+\),${v}`), ";0"],
    [/lit-element\.js$/, /\w+\.litElementHydrateSupport\?\.\(\{LitElement:\w+\}\)/, "0"],
    [/lit-element\.js$/, /const \w+=\w+\.litElementPolyfillSupport;\w+\?\.\(\{LitElement:\w+\}\);/, ""],
    [/lit-element\.js$/, new RegExp(v), "0"],
    // Decorators' metadata and class initializers: the element declares `static properties`.
    [
      /reactive-element\.js$/,
      /Symbol\.metadata\?\?=Symbol\("metadata"\),\w+\.litPropertyMetadata\?\?=new WeakMap;/,
      "",
    ],
    [
      /reactive-element\.js$/,
      /const (\w+)=this\[Symbol\.metadata\];if\(null!==\1\)\{const (\w+)=litPropertyMetadata\.get\(\1\);if\(void 0!==\2\)for\(const\[\w+,\w+\]of \2\)this\.elementProperties\.set\(\w+,\w+\)\}/,
      "",
    ],
    [/reactive-element\.js$/, /static addInitializer\(\w+\)\{this\._\$Ei\(\),\(this\.l\?\?=\[\]\)\.push\(\w+\)\}/, ""],
    [/reactive-element\.js$/, /void 0!==(\w+)\.l&&\(this\.l=\[\.\.\.\1\.l\]\),/, ""],
    [/reactive-element\.js$/, /,this\.constructor\.l\?\.forEach\(\w+=>\w+\(this\)\)/, ""],
    // The `useDefault` and own-accessor (`wrapped`) property options: no property here sets them.
    [
      /reactive-element\.js$/,
      /this\.prototype\.hasOwnProperty\((\w+)\)&&\(\((\w+)=Object\.create\(\2\)\)\.wrapped=!0\),/,
      "",
    ],
    [
      /reactive-element\.js$/,
      /\|\|(\w+)\.useDefault&&\1\.reflect&&(\w+)===this\._\$Ej\?\.get\((\w+)\)&&!this\.hasAttribute\(\w+\._\$Eu\(\3,\1\)\)/,
      "",
    ],
    [
      /reactive-element\.js$/,
      /C\((\w+),(\w+),\{useDefault:(\w+),reflect:(\w+),wrapped:\w+\},\w+\)\{\3&&!\(this\._\$Ej\?\?=new Map\)\.has\(\1\)&&\(this\._\$Ej\.set\(\1,\w+\?\?\2\?\?this\[\1\]\),!0!==\w+\|\|void 0!==\w+\)\|\|\(this\._\$AL\.has\(\1\)\|\|\(this\.hasUpdated\|\|\3\|\|\(\2=void 0\),this\._\$AL\.set\(\1,\2\)\),/,
      "C($1,$2,{reflect:$4}){(this._$$AL.has($1)||(this.hasUpdated||($2=void 0),this._$$AL.set($1,$2)),",
    ],
    [
      /reactive-element\.js$/,
      /const (\w+)=this\.constructor\.elementProperties;if\(\1\.size>0\)for\(const\[(\w+),(\w+)\]of \1\)\{const\{wrapped:\w+\}=\3,\w+=this\[\2\];.*?this\.C\(\2,void 0,\3,\w+\)\}/,
      "",
    ],
    [/reactive-element\.js$/, /this\[(\w+)\]=(\w+)\?\?this\._\$Ej\?\.get\(\1\)\?\?\2/, "this[$1]=$2"],
    // No `Object` or `Array` property types (`items` has its own converter), no `state` option.
    [/reactive-element\.js$/, /case Object:case Array:(\w+)=null==\1\?\1:JSON\.stringify\(\1\)/, ""],
    [/reactive-element\.js$/, /case Object:case Array:try\{(\w+)=JSON\.parse\((\w+)\)\}catch\(\w+\)\{\1=null\}/, ""],
    [/reactive-element\.js$/, /if\((\w+)\.state&&\(\1\.attribute=!1\),/, "if("],
    // No own accessors, symbol-keyed properties or removed controllers.
    [/reactive-element\.js$/, /=(\w+)\(this\.prototype,(\w+)\)\?\?\{get\(\)/, "={get()"],
    [/reactive-element\.js$/, /(\w+)=\[\.\.\.(\w+)\((\w+)\),\.\.\.\w+\(\3\)\]/, "$1=$2($3)"],
    [/reactive-element\.js$/, /removeController\(\w+\)\{this\._\$EO\?\.delete\(\w+\)\}/, ""],
    // The element's one `static styles` is a CSSResult: no array to flatten, no CSSStyleSheet to convert.
    [
      /reactive-element\.js$/,
      /static finalizeStyles\((\w+)\)\{const (\w+)=\[\];if\(Array\.isArray\(\1\)\)\{.*?return \2\}/,
      "static finalizeStyles($1){return[$1]}",
    ],
    [/css-tag\.js$/, /(\w+)=\w+\?\w+=>\w+:\w+=>\w+ instanceof CSSStyleSheet\?\(\w+=>\{.*?\}\)\(\w+\):\w+;/, "$1=0;"],
    // Messages for misuse the element's own code never commits.
    [/css-tag\.js$/, /Error\("CSSResult is not constructable[^"]*"\)/, "Error()"],
    [/lit-html\.js$/, /Error\("invalid template strings array"\)/, "Error()"],
    // Template features no template of the element or its on-demand views uses: directives
    // (`resolveDirective` becomes the identity), iterables in a child binding, element and
    // comment bindings, bindings inside raw-text elements (`<style>` is static text here) and
    // property bindings (`.prop=${}`). A template that used one would render wrongly, not fail;
    // test/widget covers every template.
    [
      /lit-html\.js$/,
      /function (\w+)\((\w+),(\w+),\w+=\2,\w+\)\{if\(\3===\w+\)return \3;.*?return \w+\?\.constructor!==.*?,\3\}(?=class)/,
      "function $1($2,$3){return $3}",
    ],
    [/lit-html\.js$/, /:\w+\(t\)\?this\.k\(t\):/, ":"],
    [
      /lit-html\.js$/,
      /k\(t\)\{\w+\(this\._\$AH\)\|\|\(this\._\$AH=\[\],this\._\$AR\(\)\);.*?i\.length=e\)\}(?=_\$AR\()/,
      "",
    ],
    [/lit-html\.js$/, /:6===r\.type&&\(i=new \w+\(h,this,t\)\)/, ":0"],
    [/lit-html\.js$/, /else t\.startsWith\(o\)&&\(d\.push\(\{type:6,index:l\}\),r\.removeAttribute\(t\)\)/, ""],
    [
      /lit-html\.js$/,
      /else\{let t=-1;for\(;-1!==\(t=r\.data\.indexOf\(o,t\+1\)\);\)d\.push\(\{type:7,index:l\}\),t\+=o\.length-1\}/,
      "",
    ],
    [
      /lit-html\.js$/,
      /if\(y\.test\(r\.tagName\)\)\{const t=r\.textContent\.split\(o\),i=t\.length-1;if\(i>0\)\{.*?r\.append\(t\[i\],c\(\)\)\}\}/,
      "",
    ],
    [/lit-html\.js$/, /"\."===e\[1\]\?\w+:/, ""],
    // Listeners are functions (no listener objects), and no binding renders a DOM node.
    [
      /lit-html\.js$/,
      /handleEvent\((\w+)\)\{"function"==typeof this\._\$AH\?(this\._\$AH\.call\(this\.options\?\.host\?\?this\.element,\1\)):this\._\$AH\.handleEvent\(\1\)\}/,
      "handleEvent($1){$2}",
    ],
    [/lit-html\.js$/, /void 0!==(\w+)\.nodeType\?this\.T\(\1\):/, ""],
    // No `svg` or `mathml` templates, and no templates from Lit's compiler.
    [/lit-html\.js$/, /(\w+)=2===(\w+)\?"<svg>":3===\2\?"<math>":""/, '$1=""'],
    [/lit-html\.js$/, /\+\(2===(\w+)\?"<\/svg>":3===\1\?"<\/math>":""\)/, ""],
    [
      /lit-html\.js$/,
      /,2===(\w+)\|\|3===\1\)\{const (\w+)=this\.el\.content\.firstChild;\2\.replaceWith\(\.\.\.\2\.childNodes\)\}/,
      ",0);",
    ],
    [
      /lit-html\.js$/,
      /"number"==typeof (\w+)\?this\._\$AC\((\w+)\):\(void 0===\1\.el&&\(\1\.el=\w+\.createElement\(\w+\(\1\.h,\1\.h\[0\]\),this\.options\)\),\1\)/,
      "this._$$AC($2)",
    ],
  ];
  return {
    name: "strip-lit-hooks",
    transform(code, id) {
      if (!id.includes("/node_modules/")) return null;
      let out = code;
      for (const [, pattern, by] of edits.filter(([file]) => file.test(id))) {
        const found = out.match(new RegExp(pattern, "g"))?.length;
        if (found !== 1) throw new Error(`strip-lit-hooks: ${pattern} matched ${found ?? 0} times in ${id}`);
        out = out.replace(pattern, by);
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}

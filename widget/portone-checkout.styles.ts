import { unsafeCSS } from "lit";

/**
 * Styles of `<portone-checkout>`. Light and dark pages alike: the text colour is inherited,
 * and the status colours and the account's background are mixed with it, so they follow the
 * page (and `prefers-color-scheme` wherever the page does). Colours, radius and font can be set
 * with `--portone-*` custom properties.
 *
 * Plain `unsafeCSS` rather than Lit's `css` tag: nothing is interpolated, and the tag's checks
 * would add about 120 bytes to the drop-in script.
 *
 * The virtual-account panel brings its own styles (widget/virtual-account-view.ts).
 */
export const styles = unsafeCSS(`
  :host {
    display: inline-block;
    color-scheme: light dark;
    font: var(--portone-font-size, 1rem) / 1.5 var(--portone-font-family, inherit);
    --_primary: var(--portone-color-primary, #1d4ed8);
    --_radius: var(--portone-radius, 0.5rem);
  }
  :host([hidden]) {
    display: none;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--portone-color-border, currentColor);
    border-radius: var(--_radius);
    background: none;
    white-space: nowrap;
  }
  button:focus-visible {
    outline: 2px solid var(--portone-focus-ring-color, var(--_primary));
    outline-offset: 2px;
  }
  [part='button'] {
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    border: 0;
    background: var(--_primary);
    color: var(--portone-color-on-primary, #fff);
    font-weight: 600;
  }
  [aria-disabled='true'],
  :disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  p {
    margin: 0.5rem 0;
  }
  p:empty {
    margin: 0;
  }
  :host([state='paid']) p {
    color: var(--portone-color-success, color-mix(in srgb, #16a34a 75%, currentColor));
  }
  :host([state='failed']) p {
    color: var(--portone-color-danger, color-mix(in srgb, #dc2626 75%, currentColor));
  }
  [part='price'] {
    margin-bottom: 0.25rem;
    font-weight: 700;
  }
`);

/**
 * The virtual-account panel of `<portone-checkout>` (`part="account"`): where and how much to
 * transfer. Only the account number is certain; PortOne's spec makes the bank, the holder and
 * the due time optional, so each row is shown only when it is there.
 *
 * Most purchases never need it, so it is not in the drop-in script: it is built into its own
 * small script (`/portone-checkout-va.js`, entry widget/virtual-account-entry.ts) that the
 * element loads when a deposit is due (widget/virtual-account-loader.ts). It renders with the
 * element's own Lit `html`, handed over by {@link createAccountPanel}, so Lit is not loaded twice.
 *
 * @example
 * ```ts
 * const panel = createAccountPanel({ html, nothing });
 * html`${panel.view(order, account, locale, this)}`;
 * ```
 */
import type { ReactiveControllerHost, TemplateResult } from "lit";
import type { CreatedOrder, VirtualAccount } from "../contract/api.js";
import { type AccountTextKey, accountText, bankName, formatAmount, formatTime } from "./messages.js";
import type { Lit } from "./on-demand.js";

/** The element the panel renders in: it is asked to update while the copy button reads "Copied". */
export interface PanelHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The panel, bound to the element's Lit. */
export interface AccountPanel {
  /**
   * The account details as a `<dl>`; rows PortOne left out are not shown. The copy button
   * copies the account number and reads "Copied" for a moment after.
   */
  view(
    order: Pick<CreatedOrder, "totalAmount" | "currency">,
    account: VirtualAccount,
    locale: string,
    host: PanelHost,
  ): TemplateResult;
  /**
   * Copies `value` to the clipboard, falling back to a selected hidden text area and the old
   * `copy` command (no Clipboard API or no permission) inside `root`. Answers whether it copied.
   */
  copy(value: string, root: HTMLElement | DocumentFragment, button: HTMLElement): Promise<boolean>;
}

/** The panel, rendering with `html` and `nothing` from the element's Lit. */
export function createAccountPanel({ html, nothing }: Lit): AccountPanel {
  /** Elements whose copy button reads "Copied" right now. */
  const copied = new WeakSet<PanelHost>();
  const panel: AccountPanel = {
    view({ totalAmount, currency }, { bank, accountNumber, remitteeName, expiredAt }, locale, host) {
      const t = (key: AccountTextKey) => accountText(locale, key);
      const onCopy = async (event: Event) => {
        if (!(await panel.copy(accountNumber, host.renderRoot, event.currentTarget as HTMLElement))) return;
        copied.add(host);
        host.requestUpdate();
        setTimeout(() => {
          copied.delete(host);
          host.requestUpdate();
        }, 2000);
      };
      // No due time, or one that does not parse: no row.
      const due = formatTime(locale, expiredAt);
      // The panel's own styles arrive with it (static text, no binding inside <style>): label and
      // value side by side when two 8rem columns fit, one under the other in a 200 px card; the
      // number, the amount and the buttons never break, the copy button wraps under the number.
      return html`<style>dt,dd span{white-space:nowrap}dl{display:grid;grid-template-columns:repeat(auto-fit,minmax(max(8rem,34%),auto));gap:.25rem 1rem;margin:0;padding:.75rem;border-radius:var(--_radius);background:var(--portone-color-surface,color-mix(in srgb,currentColor 8%,transparent))}dd{margin:0;overflow-wrap:anywhere}[part=copy-button]{margin-left:.5rem}</style><dl part="account">
        ${bank ? html`<dt>${t("bank")}</dt><dd>${bankName(locale, bank)}</dd>` : nothing}
        <dt>${t("accountNumber")}</dt>
        <dd>
          <span part="account-number">${accountNumber}</span>
          <button part="copy-button" type="button" @click=${onCopy}>${t(copied.has(host) ? "copied" : "copy")}</button>
        </dd>
        ${remitteeName ? html`<dt>${t("holder")}</dt><dd>${remitteeName}</dd>` : nothing}
        <dt>${t("amount")}</dt>
        <dd><span>${formatAmount(locale, totalAmount, currency)}</span></dd>
        ${
          due
            ? html`<dt>${t("due")}</dt>
              <dd><time datetime=${expiredAt}>${due}</time></dd>`
            : nothing
        }
      </dl>`;
    },
    async copy(value, root, button) {
      try {
        await navigator.clipboard.writeText(value);
        return true;
      } catch {
        const area = document.createElement("textarea");
        area.value = value;
        area.readOnly = true;
        area.style.cssText = "position:fixed;opacity:0";
        root.append(area);
        area.select();
        const ok = document.execCommand("copy");
        area.remove();
        button.focus();
        return ok;
      }
    },
  };
  return panel;
}

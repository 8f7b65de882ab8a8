/**
 * The virtual-account panel of `<portone-checkout>` (`part="account"`): where and how much to
 * transfer. Only the account number is certain; PortOne's spec makes the bank, the holder and
 * the due time optional, so each row is shown only when it is there.
 *
 * @example
 * ```ts
 * html`${virtualAccountView(order, account, locale, copied, onCopy)}`;
 * ```
 */
import { html, nothing } from "lit";
import type { CreatedOrder, VirtualAccount } from "../contract/api.js";
import { bankName, formatAmount, lang, type TextKey, text } from "./messages.js";

/**
 * The account details as a `<dl>`; rows PortOne left out are not shown. `copied`: the copy
 * button reads "Copied" for a moment after a copy.
 */
export function virtualAccountView(
  { totalAmount, currency }: Pick<CreatedOrder, "totalAmount" | "currency">,
  account: VirtualAccount,
  locale: string,
  copied: boolean,
  onCopy: (event: Event) => void,
) {
  const { bank, accountNumber, remitteeName, expiredAt } = account;
  const t = (key: TextKey) => text(locale, key);
  // Invalid Date (no due time, or one that does not parse) is NaN: no row.
  const due = new Date(expiredAt ?? Number.NaN);
  return html`<dl part="account">
    ${bank ? html`<dt>${t("bank")}</dt><dd>${bankName(locale, bank)}</dd>` : nothing}
    <dt>${t("accountNumber")}</dt>
    <dd>
      <span part="account-number">${accountNumber}</span>
      <button part="copy-button" type="button" @click=${onCopy}>${t(copied ? "copied" : "copy")}</button>
    </dd>
    ${remitteeName ? html`<dt>${t("holder")}</dt><dd>${remitteeName}</dd>` : nothing}
    <dt>${t("amount")}</dt>
    <dd><span>${formatAmount(locale, totalAmount, currency)}</span></dd>
    ${
      +due
        ? html`<dt>${t("due")}</dt>
          <dd><time datetime=${expiredAt}>${due.toLocaleString(lang(locale), { dateStyle: "medium", timeStyle: "short" })}</time></dd>`
        : nothing
    }
  </dl>`;
}

/**
 * Copies `value` to the clipboard, falling back to a selected hidden text area and the old
 * `copy` command (no Clipboard API or no permission) inside `root`. Answers whether it copied.
 */
export async function copyText(value: string, root: ShadowRoot | HTMLElement, button: HTMLElement): Promise<boolean> {
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
}

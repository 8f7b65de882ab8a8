/** The admin page's stylesheet: phone first, a two-column order page from 56rem up, system fonts. */
export const ADMIN_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;color:#1f2328;background:#f4f5f7}
a{color:#0b57d0}
.top{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.75rem 1rem;background:#111827;color:#fff}
.top a{color:#fff;text-decoration:none}
.brand{font-weight:700}
.top nav{display:flex;gap:1rem;align-items:center}
.top form{margin:0}
main{max-width:64rem;margin:0 auto;padding:1rem}
.card{background:#fff;border:1px solid #d8dee4;border-radius:10px;padding:1rem;margin:0 0 1rem}
.narrow{max-width:26rem;margin:2rem auto}
h1{font-size:1.25rem;margin:0 0 .5rem}
h2{font-size:1.05rem;margin:1rem 0 .5rem}
h2:first-child{margin-top:0}
label{display:flex;flex-direction:column;gap:.25rem;font-size:.85rem;color:#57606a}
input,select,button{font:inherit;min-height:2.5rem;padding:.4rem .6rem;border:1px solid #c6ccd2;border-radius:8px;background:#fff;color:#1f2328;max-width:100%}
button{cursor:pointer;background:#0b57d0;border-color:#0b57d0;color:#fff;font-weight:600}
button.secondary{background:#fff;color:#0b57d0}
button.danger{background:#b42318;border-color:#b42318}
button.link{background:none;border:0;color:#fff;min-height:auto;padding:0;font-weight:400;text-decoration:underline}
button:disabled{opacity:.5;cursor:not-allowed}
.filters{display:grid;grid-template-columns:1fr 1fr;gap:.75rem;align-items:end}
.filters .grow{grid-column:1/-1}
@media (min-width:56rem){.filters{grid-template-columns:2fr 1fr 1fr 1fr auto auto}.filters .grow{grid-column:auto}}
.orders{list-style:none;margin:0;padding:0}
.order-row{padding:0}
.order-row a{display:grid;grid-template-columns:1fr auto;gap:.15rem .75rem;padding:.75rem 1rem;color:inherit;text-decoration:none}
.order-row .name{font-weight:600;overflow-wrap:anywhere}
.order-row .amount{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.order-row .meta{grid-column:1/-1;font-size:.85rem;color:#57606a;overflow-wrap:anywhere}
.status{display:inline-block;padding:0 .4rem;border-radius:999px;background:#eef1f4;font-size:.8rem;white-space:nowrap}
.s-PAID{background:#dafbe1;color:#116329}.s-AWAITING_DEPOSIT,.s-PENDING{background:#fff8c5;color:#7d4e00}
.s-FAILED,.s-REJECTED,.s-CANCELLED{background:#ffebe9;color:#a40e26}
.test{display:inline-block;padding:0 .4rem;border-radius:4px;background:#6e40c9;color:#fff;font-size:.75rem;font-weight:700}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
.facts dt{color:#57606a}.facts dd{margin:0;overflow-wrap:anywhere}
.lines{width:100%;border-collapse:collapse;margin-top:1rem}
.lines th,.lines td{text-align:left;padding:.4rem .25rem;border-top:1px solid #eaeef2;vertical-align:top}
.lines td:last-child,.lines th:last-child{text-align:right;white-space:nowrap}
.columns{display:grid;gap:0 1rem}
@media (min-width:56rem){.columns{grid-template-columns:1fr 1fr}}
.stack{display:flex;flex-direction:column;gap:.75rem}
fieldset{border:1px solid #d8dee4;border-radius:8px;display:flex;flex-direction:column;gap:.5rem}
.timeline{margin:0;padding-left:1.25rem}.timeline li{margin:.25rem 0}
.muted,.empty,small{color:#57606a}
.ok{background:#dafbe1;border-radius:8px;padding:.5rem .75rem}
.error{background:#ffebe9;color:#a40e26;border-radius:8px;padding:.5rem .75rem}
code{font-size:.85em;overflow-wrap:anywhere}
.more{display:inline-block;padding:.5rem 0}
label.check{flex-direction:row;align-items:center;gap:.5rem}label.check input{min-height:auto}
form.inline{display:flex;gap:.25rem;justify-content:flex-end}form.inline input{width:5rem}
`;

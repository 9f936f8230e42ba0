import { formatMoney, type PublicQuote } from '@tuoke/shared';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0)}%`;

/**
 * The customer's page for a share link: the quote, a PDF link and an accept form. Bilingual
 * labels (zh / en) since the customer has no account and so no language setting.
 */
export function publicQuotePage(q: PublicQuote | null, token: string): string {
  const head = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${q ? esc(`报价单 ${q.number}`) : '报价单不存在 / Quote not found'}</title><style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;background:#f5f6f8;color:#1f1f1f;margin:0}
main{max-width:860px;margin:32px auto;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:32px}
header{display:flex;justify-content:space-between;align-items:flex-start;border-bottom:2px solid #1677ff;padding-bottom:12px;margin-bottom:20px}
h1{font-size:20px;margin:0}h2{font-size:22px;margin:0;color:#1677ff}.muted{color:#888;font-size:13px}
table{width:100%;border-collapse:collapse;margin:16px 0}th,td{padding:8px;border-bottom:1px solid #f0f0f0;font-size:14px}th{background:#f0f5ff;text-align:left;color:#555;font-weight:500}
td.n,th.n{text-align:right}.totals{margin-left:auto;width:320px}.totals div{display:flex;justify-content:space-between;padding:4px 0}
.total{font-size:18px;font-weight:600;border-top:1px solid #ddd;margin-top:4px;padding-top:8px!important}
.words{color:#555;margin-top:8px;text-align:right}.status{display:inline-block;padding:2px 10px;border-radius:12px;background:#e6f4ff;color:#1677ff;font-size:13px}
.accepted{background:#f6ffed;color:#389e0d}form{margin-top:24px;display:flex;gap:8px;justify-content:flex-end;align-items:center}
input{padding:8px 10px;border:1px solid #d9d9d9;border-radius:6px;font-size:14px}button{background:#1677ff;color:#fff;border:0;border-radius:6px;padding:9px 18px;font-size:14px;cursor:pointer}
a{color:#1677ff}</style></head><body><main>`;
  if (!q)
    return `${head}<h1>报价单不存在或链接已失效</h1><p class="muted">This quote link is unknown, expired or revoked.</p></main></body></html>`;
  const m = (fen: number) => esc(formatMoney(fen, q.currency, 'en', { compact: false }));
  const rows = q.items
    .map(
      (it, i) =>
        `<tr><td>${i + 1}</td><td>${esc(it.name)}</td><td class="n">${it.quantity}</td><td class="n">${m(it.unitPrice)}</td><td class="n">${it.discountBp ? pct(it.discountBp) : '—'}</td><td class="n">${m(it.amount)}</td></tr>`,
    )
    .join('');
  const accepted = q.status === 'accepted';
  const action = accepted
    ? `<p class="status accepted">已接受 Accepted${q.acceptedBy ? ` · ${esc(q.acceptedBy)}` : ''}</p>`
    : q.status === 'sent'
      ? `<form id="accept"><label class="muted" for="name">您的姓名 Your name</label><input id="name" name="name" required maxlength="100"><button type="submit">接受报价 Accept</button></form>
<script>document.getElementById('accept').addEventListener('submit',async e=>{e.preventDefault();const name=document.getElementById('name').value;const r=await fetch('/api/v1/public/quotes/${esc(token)}/accept',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({name})});if(r.ok)location.reload();else alert((await r.json()).error.message)})</script>`
      : `<p class="status">${esc(q.status)}</p>`;
  return `${head}<header><div><h1>${esc(q.companyName)}</h1><div class="muted">报价单 Quotation · ${esc(q.number)} v${q.revision}</div></div><h2>报价单</h2></header>
<p><span class="muted">客户 Customer：</span>${esc(q.accountName)}<br><span class="muted">有效期至 Valid until：</span>${esc(q.validUntil)}</p>
<table><thead><tr><th>#</th><th>产品 Product</th><th class="n">数量 Qty</th><th class="n">单价 Unit price</th><th class="n">折扣 Discount</th><th class="n">金额 Amount</th></tr></thead><tbody>${rows}</tbody></table>
<div class="totals"><div><span>小计 Subtotal</span><span>${m(q.subtotal)}</span></div>${q.discountBp ? `<div><span>整单折扣 Discount ${pct(q.discountBp)}</span><span>-${m(q.discountAmount)}</span></div>` : ''}<div><span>税额 Tax ${pct(q.taxRateBp)}</span><span>${m(q.taxAmount)}</span></div><div class="total"><span>合计 Total</span><span>${m(q.total)}</span></div></div>
<div class="words">大写：${esc(q.totalInWords)}</div>${q.notes ? `<p class="muted">备注 Notes：${esc(q.notes)}</p>` : ''}
<p><a href="/api/v1/public/quotes/${esc(token)}/pdf">下载 PDF / Download PDF</a></p>${action}</main></body></html>`;
}

import { escapeHtml as esc } from './email.render.js';

/** An address shown on a public page without giving it away whole: z***@example.com. */
export function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}

/**
 * The unsubscribe pages a recipient reaches from an e-mail (no sign-in). Bilingual, since the
 * reader has no language setting here. GET only shows the confirm button: mail scanners follow
 * links, and only a POST (the button or a one-click client) unsubscribes.
 */
export function publicPage(kind: 'confirm' | 'done' | 'unknown', email = '', token = ''): string {
  const body =
    kind === 'unknown'
      ? `<h1>链接无效</h1><p>This link is unknown or no longer valid.</p>`
      : kind === 'done'
        ? `<h1>您已退订</h1><p>${esc(maskEmail(email))} 将不再收到我们的营销邮件。</p><p class="muted">You have been unsubscribed: ${esc(maskEmail(email))} will get no more of these e-mails.</p>`
        : `<h1>退订邮件</h1><p>确认后，${esc(maskEmail(email))} 将不再收到我们的营销邮件。</p><p class="muted">Unsubscribe ${esc(maskEmail(email))} from our e-mails?</p>
<form method="post" action="/u/${esc(token)}"><button type="submit" data-testid="unsubscribe-confirm">确认退订 Unsubscribe</button></form>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>退订 Unsubscribe</title><style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;background:#f5f6f8;color:#1f1f1f;margin:0}
main{max-width:520px;margin:80px auto;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:32px}
h1{font-size:20px;margin:0 0 12px}.muted{color:#888;font-size:13px}
button{background:#1677ff;color:#fff;border:0;border-radius:6px;padding:9px 18px;font-size:14px;cursor:pointer;margin-top:12px}</style></head><body><main>${body}</main></body></html>`;
}

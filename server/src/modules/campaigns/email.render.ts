import { TEMPLATE_MERGE_FIELDS, type Locale, type TemplateMergeField } from '@tuoke/shared';
import { invalidField } from '../../http/errors.js';

export type MergeValues = Record<TemplateMergeField, string>;

const MERGE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const HREF = /(\bhref\s*=\s*)(["'])(.*?)\2/gi;

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const unescapeAttr = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Throws 400 naming the first merge field no template may use, e.g. `{{contact.nmae}}`. */
export function checkMergeFields(texts: Partial<Record<string, string>>): void {
  for (const [field, text] of Object.entries(texts)) {
    if (text === undefined) continue;
    for (const m of text.matchAll(MERGE)) {
      if (!(TEMPLATE_MERGE_FIELDS as readonly string[]).includes(m[1]!))
        throw invalidField(
          field,
          `unknown merge field {{${m[1]}}}; use one of ${TEMPLATE_MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}`,
        );
    }
  }
}

/** A body without tags is plain text: escaped, blank lines make paragraphs, newlines breaks. */
export function bodyToHtml(body: string): string {
  if (/<[a-z][^>]*>/i.test(body)) return body;
  return body
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The distinct http(s) links of the bodies, in order: the only URLs click tracking redirects to. */
export function extractLinks(...bodies: string[]): string[] {
  const out: string[] = [];
  for (const body of bodies)
    for (const m of bodyToHtml(body).matchAll(HREF)) {
      const url = unescapeAttr(m[3]!.trim());
      if (/^https?:\/\/[^\s]+$/i.test(url) && !out.includes(url)) out.push(url);
    }
  return out;
}

export interface RenderOptions {
  locale: Locale;
  /** Recorded link URL → its tracked URL; links not in it stay as written. */
  trackLink?: (url: string) => string | undefined;
  unsubscribeUrl: string;
  pixelUrl?: string;
}

const FOOTER: Record<Locale, (url: string) => string> = {
  'zh-CN': (url) => `不想再收到此类邮件？<a href="${escapeHtml(url)}">点此退订</a>`,
  en: (url) => `Don't want these e-mails? <a href="${escapeHtml(url)}">Unsubscribe</a>`,
};

/**
 * One recipient's e-mail: merge fields filled (HTML-escaped in the body, plain in the subject),
 * recorded links rewritten to the click tracker, an unsubscribe link (unless the body places
 * {{unsubscribe_url}} itself) and the open pixel.
 */
export function renderEmail(
  tpl: { subject: string; body: string },
  values: Omit<MergeValues, 'unsubscribe_url'>,
  opts: RenderOptions,
): { subject: string; html: string; text: string } {
  const all: MergeValues = { ...values, unsubscribe_url: opts.unsubscribeUrl };
  const fill = (text: string, escape: boolean) =>
    text.replace(MERGE, (whole, name: string) => {
      const v = (all as Record<string, string | undefined>)[name];
      if (v === undefined) return whole;
      return escape ? escapeHtml(v) : v;
    });
  let body = bodyToHtml(tpl.body);
  if (opts.trackLink)
    body = body.replace(HREF, (whole, pre: string, q: string, raw: string) => {
      const tracked = opts.trackLink!(unescapeAttr(raw.trim()));
      return tracked ? `${pre}${q}${escapeHtml(tracked)}${q}` : whole;
    });
  const placesUnsubscribe = /\{\{\s*unsubscribe_url\s*\}\}/.test(tpl.body);
  body = fill(body, true);
  const footer = placesUnsubscribe
    ? ''
    : `<p style="margin-top:32px;color:#999;font-size:12px">${FOOTER[opts.locale](opts.unsubscribeUrl)}</p>`;
  const pixel = opts.pixelUrl
    ? `<img src="${escapeHtml(opts.pixelUrl)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`
    : '';
  const html = `<!doctype html><html lang="${opts.locale}"><head><meta charset="utf-8"></head><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;line-height:1.6;color:#1f1f1f">${body}${footer}${pixel}</body></html>`;
  const subject = fill(tpl.subject, false).replace(/[\r\n]+/g, ' ');
  return { subject, html, text: htmlToText(`${body}${footer}`) };
}

/** A plain-text alternative: links kept as "text (url)", tags dropped. */
export function htmlToText(html: string): string {
  return unescapeAttr(
    html
      .replace(
        /<a\s[^>]*href\s*=\s*(["'])(.*?)\1[^>]*>(.*?)<\/a>/gis,
        (_m, _q, href: string, text: string) => `${text} (${href})`,
      )
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

import { HONEYPOT_FIELD, RENDERED_FIELD, type WebFormField } from './contracts/lead-intake.js';
import { INDUSTRIES, REGIONS, type Locale } from './contracts/enums.js';

/*
 * The public web-to-lead form page (GET /f/:key): plain HTML, no framework, so it loads fast on
 * a phone and inside an iframe on the organisation's site. The server renders it for visitors;
 * the web app renders the same function into an iframe as the builder's live preview.
 */

export interface WebFormPageInput {
  title: string;
  description: string | null;
  fields: WebFormField[];
  language: Locale;
  /** Where the form posts (POST /api/public/forms/:key). */
  action: string;
  /** The signed render timestamp; empty in a preview. */
  token: string;
  /** UTM parameters and the referrer carried into the submission. */
  hidden: Record<string, string>;
  /** The builder's preview: the button does not submit. */
  preview?: boolean;
}

type Labels = Record<string, [string, string]>;

const FIELD_LABELS: Labels = {
  name: ['姓名', 'Name'],
  company: ['公司名称', 'Company'],
  title: ['职务', 'Job title'],
  phone: ['手机号码', 'Mobile phone'],
  email: ['电子邮箱', 'E-mail'],
  wechat: ['微信号', 'WeChat ID'],
  region: ['所在地区', 'Region'],
  industry: ['所属行业', 'Industry'],
  notes: ['需求描述', 'What do you need?'],
};
const INDUSTRY_LABELS: Labels = {
  manufacturing: ['制造业', 'Manufacturing'],
  it: ['信息技术', 'IT'],
  finance: ['金融', 'Finance'],
  retail: ['零售', 'Retail'],
  healthcare: ['医疗健康', 'Healthcare'],
  education: ['教育', 'Education'],
  logistics: ['物流', 'Logistics'],
  energy: ['能源', 'Energy'],
  construction: ['建筑地产', 'Construction & real estate'],
  government: ['政府与公共事业', 'Government'],
  other: ['其他', 'Other'],
};
const REGION_LABELS: Labels = {
  华东: ['华东', 'East China'],
  华南: ['华南', 'South China'],
  华北: ['华北', 'North China'],
  华中: ['华中', 'Central China'],
  西南: ['西南', 'Southwest China'],
  西北: ['西北', 'Northwest China'],
  东北: ['东北', 'Northeast China'],
};
const TEXT: Labels = {
  submit: ['提交', 'Submit'],
  sending: ['提交中…', 'Sending…'],
  required: ['必填', 'required'],
  choose: ['请选择', 'Please choose'],
  thanks: ['提交成功，我们会尽快与您联系。', 'Thank you — we will be in touch soon.'],
  preview: ['预览：此表单不会提交', 'Preview: this form does not submit'],
  failed: ['提交失败，请稍后重试', 'Could not send the form; please try again later'],
  privacy: ['您的信息仅用于联系您，不会提供给第三方。', 'We only use your details to contact you.'],
  notFound: ['表单不存在或已停用', 'This form does not exist or is no longer active'],
};

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pick = (labels: Labels, key: string, language: Locale) =>
  labels[key]?.[language === 'en' ? 1 : 0] ?? key;

/** The label a field shows: the form's own, else the default in the form's language. */
export function webFormFieldLabel(field: WebFormField, language: Locale): string {
  return field.label?.trim() || pick(FIELD_LABELS, field.key, language);
}

/** The thank-you text when the form has none of its own. */
export const defaultThankYou = (language: Locale) => pick(TEXT, 'thanks', language);

const STYLE = `*{box-sizing:border-box}body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei","Segoe UI",sans-serif;background:#f5f6f8;color:#1f1f1f;font-size:15px;line-height:1.5}
main{max-width:560px;margin:0 auto;padding:20px 16px}.card{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:24px 20px}
h1{font-size:20px;margin:0 0 6px}.desc{color:#666;margin:0 0 18px;white-space:pre-line}
label{display:block;font-weight:500;margin:14px 0 6px}.req{color:#ff4d4f;margin-left:2px}
input,select,textarea{width:100%;padding:10px 12px;border:1px solid #d9d9d9;border-radius:6px;font-size:16px;font-family:inherit;background:#fff}
input:focus,select:focus,textarea:focus{outline:none;border-color:#1677ff;box-shadow:0 0 0 2px rgba(22,119,255,.15)}
textarea{min-height:96px;resize:vertical}.err{color:#ff4d4f;font-size:13px;margin-top:4px;min-height:0}
button{margin-top:22px;width:100%;background:#1677ff;color:#fff;border:0;border-radius:6px;padding:12px;font-size:16px;cursor:pointer}
button:disabled{opacity:.6;cursor:default}.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.note{color:#999;font-size:12px;margin-top:12px;text-align:center}.done{text-align:center;padding:32px 8px}.done .ok{font-size:40px;color:#52c41a}
.banner{background:#fffbe6;border:1px solid #ffe58f;border-radius:6px;padding:6px 10px;font-size:13px;margin-bottom:12px;color:#8c6d1f}`;

function head(title: string, language: Locale): string {
  return `<!doctype html><html lang="${language === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>`;
}

function input(field: WebFormField, language: Locale): string {
  const id = `f-${field.key}`;
  const req = field.required ? ' required' : '';
  const attrs = `id="${id}" name="${field.key}"${req}`;
  switch (field.key) {
    case 'region':
      return `<select ${attrs}><option value="">${esc(pick(TEXT, 'choose', language))}</option>${REGIONS.map(
        (r) => `<option value="${esc(r)}">${esc(pick(REGION_LABELS, r, language))}</option>`,
      ).join('')}</select>`;
    case 'industry':
      return `<select ${attrs}><option value="">${esc(pick(TEXT, 'choose', language))}</option>${INDUSTRIES.map(
        (i) => `<option value="${i}">${esc(pick(INDUSTRY_LABELS, i, language))}</option>`,
      ).join('')}</select>`;
    case 'notes':
      return `<textarea ${attrs} maxlength="2000"></textarea>`;
    case 'email':
      return `<input type="email" ${attrs} maxlength="200" autocomplete="email">`;
    case 'phone':
      return `<input type="tel" ${attrs} maxlength="40" autocomplete="tel" inputmode="tel">`;
    case 'name':
      return `<input ${attrs} maxlength="100" autocomplete="name">`;
    case 'company':
      return `<input ${attrs} maxlength="200" autocomplete="organization">`;
    case 'title':
      return `<input ${attrs} maxlength="100" autocomplete="organization-title">`;
    default:
      return `<input ${attrs} maxlength="60">`;
  }
}

export function renderWebFormPage(p: WebFormPageInput): string {
  const t = (key: string) => esc(pick(TEXT, key, p.language));
  const fields = p.fields
    .map(
      (f) =>
        `<label for="f-${f.key}">${esc(webFormFieldLabel(f, p.language))}${f.required ? `<span class="req" title="${t('required')}">*</span>` : ''}</label>${input(f, p.language)}<div class="err" data-for="${f.key}"></div>`,
    )
    .join('');
  const hidden = Object.entries(p.hidden)
    .filter(([, v]) => v)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  const script = p.preview
    ? `<script>document.getElementById('wf').addEventListener('submit',function(e){e.preventDefault()})</script>`
    : `<script>(function(){var f=document.getElementById('wf'),b=f.querySelector('button'),q=new URLSearchParams(location.search);
['utm_source','utm_medium','utm_campaign','utm_term','utm_content'].forEach(function(k){var v=q.get(k);if(v&&!f.elements[k]){var i=document.createElement('input');i.type='hidden';i.name=k;i.value=v;f.appendChild(i)}});
if(!f.elements.referrer){var r=document.createElement('input');r.type='hidden';r.name='referrer';r.value=q.get('ref')||document.referrer||'';f.appendChild(r)}
f.addEventListener('submit',function(e){e.preventDefault();var data={};new FormData(f).forEach(function(v,k){if(v!=='')data[k]=v});
[].forEach.call(f.querySelectorAll('.err'),function(d){d.textContent=''});b.disabled=true;b.textContent=${JSON.stringify(pick(TEXT, 'sending', p.language))};
fetch(f.action,{method:'POST',headers:{'content-type':'application/json',accept:'application/json'},body:JSON.stringify(data)}).then(function(r){return r.json().then(function(j){return{ok:r.ok,j:j}})}).then(function(x){
if(x.ok){if(x.j.redirectUrl){try{window.top.location.href=x.j.redirectUrl}catch(_){location.href=x.j.redirectUrl}return}
var d=document.createElement('div');d.className='done';d.innerHTML='<div class="ok">&#10003;</div>';var m=document.createElement('p');m.textContent=x.j.message;d.appendChild(m);f.replaceWith(d);return}
var err=x.j&&x.j.error,shown=false;(err&&err.fields||[]).forEach(function(fe){var el=f.querySelector('.err[data-for="'+fe.path+'"]');if(el){el.textContent=fe.message;shown=true}});
if(!shown)alert(err&&err.message||${JSON.stringify(pick(TEXT, 'failed', p.language))});b.disabled=false;b.textContent=${JSON.stringify(pick(TEXT, 'submit', p.language))}
}).catch(function(){alert(${JSON.stringify(pick(TEXT, 'failed', p.language))});b.disabled=false;b.textContent=${JSON.stringify(pick(TEXT, 'submit', p.language))}})})})()</script>`;
  return `${head(p.title, p.language)}<div class="card">${p.preview ? `<div class="banner">${t('preview')}</div>` : ''}<h1>${esc(p.title)}</h1>${p.description ? `<p class="desc">${esc(p.description)}</p>` : ''}
<form id="wf" method="post" action="${esc(p.action)}">${fields}${hidden}<input type="hidden" name="${RENDERED_FIELD}" value="${esc(p.token)}"><input type="hidden" name="lang" value="${p.language}">
<div class="hp" aria-hidden="true"><label for="f-hp">Website</label><input id="f-hp" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
<button type="submit">${t('submit')}</button><p class="note">${t('privacy')}</p></form></div></main>${script}</body></html>`;
}

/** A short page after a plain (no-JavaScript) submission, or for an unknown form. */
export function renderWebFormMessage(title: string, message: string, language: Locale, ok: boolean): string {
  return `${head(title, language)}<div class="card done">${ok ? '<div class="ok">&#10003;</div>' : ''}<h1>${esc(title)}</h1><p>${esc(message)}</p></div></main></body></html>`;
}

export const webFormNotFoundText = (language: Locale) => pick(TEXT, 'notFound', language);

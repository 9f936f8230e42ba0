import type { Locale, PublicQuestionnaire } from '@tuoke/shared';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TEXT = {
  'zh-CN': {
    notFound: '问卷不存在或链接已失效',
    notFoundHint: '链接可能已过期或被撤回，请联系发送给您的销售人员。',
    for: '致',
    required: '必答',
    name: '您的姓名（选填）',
    submit: '提交问卷',
    sending: '提交中…',
    thanks: '感谢您的反馈！',
    thanksHint: '您的回答已提交，我们会尽快与您联系。',
    answered: '此问卷已提交过，感谢您的反馈！',
    fix: '请检查标红的题目',
    requiredMsg: '此题为必答题',
    failed: '提交失败，请稍后再试',
    tooMany: '提交过于频繁，请几分钟后再试',
    hint: '请选择一项',
    multiHint: '可多选',
    expires: '链接有效期至',
  },
  en: {
    notFound: 'This questionnaire is not available',
    notFoundHint: 'The link may have expired or been withdrawn; please contact the person who sent it.',
    for: 'For',
    required: 'Required',
    name: 'Your name (optional)',
    submit: 'Submit',
    sending: 'Sending…',
    thanks: 'Thank you for your answers!',
    thanksHint: 'We have received them and will be in touch soon.',
    answered: 'This questionnaire has already been answered. Thank you!',
    fix: 'Please check the questions marked in red',
    requiredMsg: 'Please answer this question',
    failed: 'Sending failed; please try again later',
    tooMany: 'Too many attempts; please wait a few minutes and try again',
    hint: 'Choose one',
    multiHint: 'Choose any',
    expires: 'Link valid until',
  },
} as const;

/**
 * The customer's page for a questionnaire link, rendered on the server so it needs neither the
 * app nor a sign-in: the questions in the questionnaire's language, one form, and a small script
 * that posts the answers as JSON and shows each field error next to its question.
 */
export function publicQuestionnairePage(
  q: PublicQuestionnaire | null,
  token: string,
  fallback: Locale = 'zh-CN',
): string {
  const lang: Locale = q?.language ?? fallback;
  const T = TEXT[lang];
  const head = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(q ? q.title : T.notFound)}</title><style>
*{box-sizing:border-box}body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;background:#f5f6f8;color:#1f1f1f;margin:0;line-height:1.6}
main{max-width:720px;margin:24px auto;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:28px}
@media(max-width:600px){main{margin:0;border-radius:0;padding:20px 16px;min-height:100vh}}
header{border-bottom:2px solid #1677ff;padding-bottom:12px;margin-bottom:16px}h1{font-size:21px;margin:0 0 4px}.muted{color:#888;font-size:13px}
.intro{white-space:pre-wrap;color:#444;margin:0 0 8px}fieldset{border:0;border-top:1px solid #f0f0f0;margin:0;padding:18px 0}
legend{font-weight:600;font-size:15px;padding:0;margin-bottom:8px;float:left;width:100%}legend+*{clear:both}.req{color:#cf1322;font-weight:400;font-size:12px;margin-left:6px}
.help{color:#888;font-size:13px;margin:-4px 0 8px}label.opt{display:flex;gap:10px;align-items:flex-start;padding:10px 12px;border:1px solid #e5e5e5;border-radius:8px;margin:6px 0;cursor:pointer}
label.opt:hover{border-color:#91caff}label.opt input{margin-top:4px;width:18px;height:18px;flex:none}
.scale{display:grid;grid-template-columns:repeat(5,1fr);gap:6px}@media(min-width:600px){.scale.s10{grid-template-columns:repeat(10,1fr)}}.scale label{text-align:center;border:1px solid #d9d9d9;border-radius:8px;padding:9px 0;cursor:pointer}
.scale label{position:relative}.scale input{position:absolute;opacity:0;pointer-events:none}.scale label:has(input:checked){background:#1677ff;border-color:#1677ff;color:#fff}
.ends{display:flex;justify-content:space-between;color:#888;font-size:12px;margin-top:4px}
input[type=text],textarea{width:100%;padding:10px 12px;border:1px solid #d9d9d9;border-radius:8px;font:inherit}textarea{min-height:110px;resize:vertical}
.err{color:#cf1322;font-size:13px;margin-top:6px}.bad legend{color:#cf1322}
button{width:100%;background:#1677ff;color:#fff;border:0;border-radius:8px;padding:12px;font-size:16px;cursor:pointer;margin-top:12px}button:disabled{opacity:.6}
.done{text-align:center;padding:40px 0}.done h2{color:#389e0d;margin:0 0 8px}#formerr{text-align:center}</style></head><body><main>`;
  if (!q)
    return `${head}<div class="done"><h1>${T.notFound}</h1><p class="muted">${T.notFoundHint}</p></div></main></body></html>`;
  const top = `<header><div class="muted">${esc(q.companyName)}</div><h1>${esc(q.title)}</h1><div class="muted">${T.for} ${esc(q.accountName)}${q.contactName ? ` · ${esc(q.contactName)}` : ''}${q.expiresAt ? ` · ${T.expires} ${esc(q.expiresAt.slice(0, 10))}` : ''}</div></header>`;
  if (q.answered) return `${head}${top}<div class="done"><h2>${T.answered}</h2></div></main></body></html>`;
  const fields = q.questions
    .map((question, n) => {
      const id = esc(question.id);
      const name = `q_${id}`;
      let input = '';
      if (question.type === 'single' || question.type === 'multiple') {
        const kind = question.type === 'single' ? 'radio' : 'checkbox';
        input =
          `<div class="help">${question.type === 'single' ? T.hint : T.multiHint}</div>` +
          (question.options ?? [])
            .map(
              (o) =>
                `<label class="opt"><input type="${kind}" name="${name}" value="${esc(o.id)}"><span>${esc(o.label)}</span></label>`,
            )
            .join('');
      } else if (question.type === 'scale') {
        const max = question.scaleMax ?? 5;
        input = `<div class="scale s${max}">${Array.from(
          { length: max },
          (_, k) => `<label><input type="radio" name="${name}" value="${k + 1}">${k + 1}</label>`,
        ).join(
          '',
        )}</div><div class="ends"><span>${esc(question.minLabel ?? '')}</span><span>${esc(question.maxLabel ?? '')}</span></div>`;
      } else if (question.type === 'text') {
        input = `<input type="text" name="${name}" maxlength="500">`;
      } else {
        input = `<textarea name="${name}" maxlength="5000"></textarea>`;
      }
      return `<fieldset data-q="${id}" data-type="${question.type}"><legend>${n + 1}. ${esc(question.text)}${question.required ? `<span class="req">${T.required}</span>` : ''}</legend>${question.help ? `<div class="help">${esc(question.help)}</div>` : ''}${input}<div class="err" hidden></div></fieldset>`;
    })
    .join('');
  const script = `<script>(function(){
var f=document.getElementById('qform'),T=${JSON.stringify({ sending: T.sending, submit: T.submit, fix: T.fix, failed: T.failed, requiredMsg: T.requiredMsg, thanks: T.thanks, thanksHint: T.thanksHint, answered: T.answered, tooMany: T.tooMany }).replace(/</g, '\\u003c')};
f.addEventListener('submit',async function(e){e.preventDefault();
var answers=[],sets=f.querySelectorAll('fieldset[data-q]');
sets.forEach(function(s){s.classList.remove('bad');var er=s.querySelector('.err');er.hidden=true;er.textContent='';
var id=s.dataset.q,t=s.dataset.type,name='q_'+id,v;
if(t==='single'){var c=f.querySelector('input[name="'+name+'"]:checked');v=c?c.value:undefined}
else if(t==='multiple'){v=[].map.call(f.querySelectorAll('input[name="'+name+'"]:checked'),function(x){return x.value});if(!v.length)v=undefined}
else if(t==='scale'){var c2=f.querySelector('input[name="'+name+'"]:checked');v=c2?Number(c2.value):undefined}
else{var el=f.querySelector('[name="'+name+'"]');v=el.value.trim()||undefined}
if(v!==undefined)answers.push({questionId:id,value:v})});
var b=f.querySelector('button'),fe=document.getElementById('formerr');b.disabled=true;b.textContent=T.sending;fe.hidden=true;
try{var body={answers:answers},nm=document.getElementById('respondent').value.trim();if(nm)body.respondentName=nm;
var r=await fetch('/api/v1/public/questionnaires/${esc(token)}/responses',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body)});
if(r.ok){document.getElementById('qbody').innerHTML='<div class="done"><h2>'+T.thanks+'</h2><p class="muted">'+T.thanksHint+'</p></div>';window.scrollTo(0,0);return}
var j=await r.json().catch(function(){return null}),err=j&&j.error;
if(r.status===400&&err&&err.fields){var first=null;err.fields.forEach(function(x){var m=/^\\/?answers\\/([^/]+)$/.exec(x.path);var s=m&&f.querySelector('fieldset[data-q="'+m[1]+'"]');if(s){s.classList.add('bad');var er=s.querySelector('.err');er.hidden=false;er.textContent=x.message==='is required'?T.requiredMsg:x.message;first=first||s}});
fe.textContent=T.fix;fe.hidden=false;if(first)first.scrollIntoView({behavior:'smooth',block:'center'})}
else{fe.textContent=r.status===409?T.answered:r.status===429?T.tooMany:r.status===404?T.failed:((err&&err.message)||T.failed);fe.hidden=false}}
catch(x){fe.textContent=T.failed;fe.hidden=false}
b.disabled=false;b.textContent=T.submit})})()</script>`;
  return `${head}${top}<div id="qbody">${q.intro ? `<p class="intro">${esc(q.intro)}</p>` : ''}<form id="qform" novalidate>${fields}<fieldset><legend>${T.name}</legend><input type="text" id="respondent" maxlength="100" autocomplete="name"></fieldset><div class="err" id="formerr" hidden></div><button type="submit">${T.submit}</button></form></div>${script}</main></body></html>`;
}

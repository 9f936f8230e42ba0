import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { bodyToHtml, checkMergeFields, extractLinks, renderEmail } from './email.render.js';

const values = {
  'contact.name': '<b>王</b>',
  'contact.title': '',
  'contact.email': 'w@x.cn',
  'account.name': 'A&B',
  'owner.name': '赵雪',
  'owner.email': 'z@x.cn',
  'campaign.name': '发布会',
};

describe('e-mail rendering', () => {
  it('names the first unknown merge field and the field it is in', () => {
    expect(() =>
      checkMergeFields({ subjectZh: '{{ contact.name }}', bodyEn: 'Hi {{contact.phone}}' }),
    ).toThrow(AppError);
    try {
      checkMergeFields({ bodyEn: 'Hi {{contact.phone}}' });
    } catch (e) {
      expect((e as AppError).fields).toEqual([
        { path: 'bodyEn', message: expect.stringContaining('{{contact.phone}}') },
      ]);
    }
    expect(() => checkMergeFields({ bodyZh: '{{unsubscribe_url}} {{ owner.email }}' })).not.toThrow();
  });

  it('treats a body without tags as text: escaped, paragraphs and line breaks', () => {
    expect(bodyToHtml('a < b\nc\n\nd')).toBe('<p>a &lt; b<br>c</p>\n<p>d</p>');
    expect(bodyToHtml('<p>x</p>')).toBe('<p>x</p>');
  });

  it('records only http(s) links, once each, and rewrites just those', () => {
    const body =
      '<a href="https://a.cn/x?y=1&amp;z=2">A</a> <a href=\'mailto:x@y.cn\'>M</a> <a href="{{unsubscribe_url}}">U</a> <a href="https://a.cn/x?y=1&amp;z=2">again</a>';
    expect(extractLinks(body, '<a href="http://b.cn">B</a>')).toEqual([
      'https://a.cn/x?y=1&z=2',
      'http://b.cn',
    ]);
    const out = renderEmail({ subject: '给{{contact.name}}', body }, values, {
      locale: 'zh-CN',
      unsubscribeUrl: 'https://crm/u/T',
      pixelUrl: 'https://crm/t/o/T.gif',
      trackLink: (url) => (url === 'https://a.cn/x?y=1&z=2' ? 'https://crm/t/c/T?l=1' : undefined),
    });
    expect(out.subject).toBe('给<b>王</b>');
    expect(out.html).toContain('href="https://crm/t/c/T?l=1"');
    expect(out.html).toContain("href='mailto:x@y.cn'");
    expect(out.html).toContain('href="https://crm/u/T"');
    // the body places the unsubscribe link itself: no second one in a footer
    expect(out.html).not.toContain('点此退订');
    expect(out.html).toContain('<img src="https://crm/t/o/T.gif"');
    expect(out.text).toContain('A (https://crm/t/c/T?l=1)');
  });

  it('escapes merge values in the body and adds the footer in the reader’s language', () => {
    const out = renderEmail(
      { subject: 'Hi {{contact.name}}', body: 'Dear {{contact.name}} of {{account.name}}' },
      values,
      {
        locale: 'en',
        unsubscribeUrl: 'https://crm/u/T',
      },
    );
    expect(out.html).toContain('Dear &lt;b&gt;王&lt;/b&gt; of A&amp;B');
    expect(out.html).toContain('Unsubscribe</a>');
    expect(out.html).not.toContain('<img');
  });
});

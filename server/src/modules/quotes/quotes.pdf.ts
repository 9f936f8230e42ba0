import PDFDocument from 'pdfkit';
import { formatMoney, rmbUppercase, type Quote } from '@tuoke/shared';

/** Debian's WenQuanYi Micro Hei: a .ttc, so the face is named when registering it. */
export const CJK_FONT = {
  path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  family: 'WenQuanYiMicroHei',
};

const money = (fen: number, currency: string) => formatMoney(fen, currency, 'en', { compact: false });
const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0)}%`;

/**
 * The quote as an A4 PDF: company header, customer, items, totals in figures and in 大写. It goes
 * to the customer, so it never prints the internal cost or margin the quote also carries.
 */
export function renderQuotePdf(args: { quote: Quote; companyName: string }): Promise<Buffer> {
  const { quote: q, companyName } = args;
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `报价单 ${q.number}` } });
  doc.registerFont('cjk', CJK_FONT.path, CJK_FONT.family);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = 48;
  const width = doc.page.width - 96;
  doc.fontSize(18).fillColor('#1f1f1f').text(companyName, left, 48);
  doc.fontSize(22).text('报价单', left, 48, { width, align: 'right' });
  doc
    .moveTo(left, 80)
    .lineTo(left + width, 80)
    .strokeColor('#1677ff')
    .lineWidth(2)
    .stroke();

  doc.fontSize(10).fillColor('#333');
  const info: [string, string][] = [
    ['客户', q.accountName],
    ['商机', q.opportunityName],
    ['报价单号', `${q.number}  (第 ${q.revision} 版)`],
    ['有效期至', q.validUntil],
    ['销售代表', q.ownerName],
  ];
  let y = 96;
  for (const [k, v] of info) {
    doc.fillColor('#888').text(k, left, y, { width: 70 });
    doc.fillColor('#1f1f1f').text(v, left + 72, y, { width: width - 72 });
    y += 18;
  }

  // items table
  y += 10;
  const cols = [
    { title: '#', w: 24, align: 'left' as const },
    { title: '产品', w: 170, align: 'left' as const },
    { title: '数量', w: 50, align: 'right' as const },
    { title: '单价', w: 90, align: 'right' as const },
    { title: '折扣', w: 55, align: 'right' as const },
    { title: '金额', w: width - 24 - 170 - 50 - 90 - 55, align: 'right' as const },
  ];
  const row = (cells: string[], yy: number, opts: { header?: boolean } = {}) => {
    let x = left;
    if (opts.header) doc.rect(left, yy - 4, width, 20).fill('#f0f5ff');
    doc.fillColor(opts.header ? '#555' : '#1f1f1f');
    cells.forEach((c, i) => {
      doc.text(c, x + 4, yy, {
        width: cols[i]!.w - 8,
        align: cols[i]!.align,
        lineBreak: false,
        ellipsis: true,
      });
      x += cols[i]!.w;
    });
  };
  row(
    cols.map((c) => c.title),
    y,
    { header: true },
  );
  y += 22;
  q.items.forEach((it, i) => {
    if (y > doc.page.height - 200) {
      doc.addPage();
      doc.font('cjk').fontSize(10);
      y = 48;
    }
    row(
      [
        String(i + 1),
        it.name,
        String(it.quantity),
        money(it.unitPrice, q.currency),
        it.discountBp ? pct(it.discountBp) : '—',
        money(it.amount, q.currency),
      ],
      y,
    );
    y += 18;
    doc
      .moveTo(left, y - 4)
      .lineTo(left + width, y - 4)
      .strokeColor('#eee')
      .lineWidth(0.5)
      .stroke();
  });

  // totals
  y += 8;
  const totals: [string, string][] = [
    ['小计', money(q.subtotal, q.currency)],
    ...(q.discountBp
      ? ([[`整单折扣 ${pct(q.discountBp)}`, `-${money(q.discountAmount, q.currency)}`]] as [string, string][])
      : []),
    [`税额 (${pct(q.taxRateBp)})`, money(q.taxAmount, q.currency)],
  ];
  for (const [k, v] of totals) {
    doc.fillColor('#555').text(k, left + width - 260, y, { width: 140, align: 'right' });
    doc.fillColor('#1f1f1f').text(v, left + width - 120, y, { width: 120, align: 'right' });
    y += 18;
  }
  doc
    .fontSize(13)
    .fillColor('#1f1f1f')
    .text('合计', left + width - 260, y, { width: 140, align: 'right' });
  doc.text(money(q.total, q.currency), left + width - 120, y, { width: 120, align: 'right' });
  y += 24;
  doc
    .fontSize(10)
    .fillColor('#555')
    .text(`合计（大写）：${q.currency === 'CNY' ? '人民币' : q.currency}${rmbUppercase(q.total)}`, left, y, {
      width,
    });
  y += 24;
  if (q.notes) {
    doc.fillColor('#888').text('备注', left, y);
    doc.fillColor('#1f1f1f').text(q.notes, left + 72, y, { width: width - 72 });
  }
  doc
    .fontSize(8)
    .fillColor('#aaa')
    .text(`${companyName} · ${q.number} v${q.revision}`, left, doc.page.height - 60, {
      width,
      align: 'center',
    });
  doc.end();
  return done;
}

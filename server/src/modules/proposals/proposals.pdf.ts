import PDFDocument from 'pdfkit';
import { formatMoney, rmbUppercase, type Proposal } from '@tuoke/shared';
import type { NeedsValues } from '../needs/index.js';
import { CJK_FONT } from '../quotes/index.js';

const LEFT = 48;
const TOP = 56;
/** Content stops here; the footer sits below it, inside the bottom margin pdfkit allows. */
const BOTTOM_GAP = 84;
const NUMERALS = ['一', '二', '三', '四', '五', '六'];

interface Column {
  title: string;
  w: number;
  align?: 'left' | 'right' | 'center';
}

/**
 * The proposal as an A4 PDF with Chinese text (WenQuanYi Micro Hei, embedded as a subset):
 * company header, customer and contact persons, the executive summary, a summary of the needs,
 * a pain point → solution table, the products with prices and the total in figures and in 大写,
 * and a footer with the number and page on every page. Rows wrap and break across pages.
 */
export function renderProposalPdf(args: {
  proposal: Proposal;
  needs: NeedsValues;
  companyName: string;
  contact: { name: string; title: string | null; phone: string | null; email: string | null } | null;
  owner: { name: string; email: string };
  date: string;
}): Promise<Buffer> {
  const { proposal: p, needs, companyName, contact, owner } = args;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    bufferPages: true,
    info: { Title: `${p.title} ${p.number}`, Author: companyName, Subject: '解决方案建议书' },
  });
  doc.registerFont('cjk', CJK_FONT.path, CJK_FONT.family);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * LEFT;
  const bottom = () => doc.page.height - BOTTOM_GAP;
  const money = (fen: number) => formatMoney(fen, p.currency, 'en', { compact: false });
  let y = 48;
  let sectionNo = 0;

  const newPage = () => {
    doc.addPage();
    doc.font('cjk');
    y = TOP;
  };
  const ensure = (h: number) => {
    if (y + h > bottom()) newPage();
  };
  const heading = (text: string) => {
    ensure(60);
    y += 10;
    doc.fontSize(13).fillColor('#1677ff').text(`${NUMERALS[sectionNo++]}、${text}`, LEFT, y, { width });
    y += 22;
  };
  const paragraph = (text: string, label?: string) => {
    doc.fontSize(10);
    const x = label ? LEFT + 64 : LEFT;
    const w = label ? width - 64 : width;
    const h = doc.heightOfString(text, { width: w, lineGap: 2 });
    // long text may run across a page: let pdfkit flow it, starting on a fresh page if little room is left
    ensure(Math.min(h, 60));
    if (label) doc.fillColor('#888').text(label, LEFT, y, { width: 60 });
    doc.fillColor('#1f1f1f').text(text, x, y, { width: w, lineGap: 2 });
    y = doc.y + 6;
  };

  const table = (cols: Column[], rows: string[][], opts: { totalRow?: string[] } = {}) => {
    const header = () => {
      doc.rect(LEFT, y - 4, width, 20).fill('#f0f5ff');
      doc.fontSize(9.5).fillColor('#555');
      let x = LEFT;
      for (const c of cols) {
        doc.text(c.title, x + 4, y, { width: c.w - 8, align: c.align ?? 'left', lineBreak: false });
        x += c.w;
      }
      y += 20;
    };
    ensure(44);
    header();
    const drawRow = (cells: string[], bold = false) => {
      doc.fontSize(bold ? 10.5 : 9.5);
      // a cell taller than a page is cut (with an ellipsis) rather than flowing over the footer
      const maxH = bottom() - TOP - 28;
      const h =
        Math.min(
          maxH,
          Math.max(
            ...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i]!.w - 8, lineGap: 1 })),
          ),
        ) + 8;
      if (y + h > bottom()) {
        newPage();
        header();
        doc.fontSize(bold ? 10.5 : 9.5);
      }
      let x = LEFT;
      doc.fillColor('#1f1f1f');
      cells.forEach((c, i) => {
        doc.text(c, x + 4, y, {
          width: cols[i]!.w - 8,
          height: h - 6,
          ellipsis: true,
          align: cols[i]!.align ?? 'left',
          lineGap: 1,
        });
        x += cols[i]!.w;
      });
      y += h;
      doc
        .moveTo(LEFT, y - 4)
        .lineTo(LEFT + width, y - 4)
        .strokeColor('#e8e8e8')
        .lineWidth(0.5)
        .stroke();
    };
    rows.forEach((r) => drawRow(r));
    if (opts.totalRow) drawRow(opts.totalRow, true);
  };

  // header
  doc
    .fontSize(16)
    .fillColor('#1f1f1f')
    .text(companyName, LEFT, y, { width: width - 150 });
  doc
    .fontSize(20)
    .fillColor('#1677ff')
    .text('解决方案建议书', LEFT, y - 2, { width, align: 'right' });
  y = Math.max(doc.y, 80) + 4;
  doc
    .moveTo(LEFT, y)
    .lineTo(LEFT + width, y)
    .strokeColor('#1677ff')
    .lineWidth(2)
    .stroke();
  y += 14;
  doc.fontSize(15).fillColor('#1f1f1f').text(p.title, LEFT, y, { width });
  y = doc.y + 8;

  const info: [string, string][] = [
    ['客户', p.accountName],
    ['方案编号', p.number],
    ['日期', args.date],
    ...(contact
      ? ([['客户联系人', [contact.name, contact.title].filter(Boolean).join(' · ')]] as [string, string][])
      : []),
    ['销售代表', [owner.name, owner.email].filter(Boolean).join(' · ')],
  ];
  doc.fontSize(10);
  for (const [k, v] of info) {
    doc.fillColor('#888').text(k, LEFT, y, { width: 70 });
    doc.fillColor('#1f1f1f').text(v, LEFT + 72, y, { width: width - 72 });
    y = Math.max(doc.y, y + 16) + 2;
  }

  if (p.summary) {
    heading('方案概述');
    paragraph(p.summary);
  }

  const timeline = [
    needs.decisionDate ? `计划决策：${needs.decisionDate}` : null,
    needs.goLiveDate ? `计划上线：${needs.goLiveDate}` : null,
  ].filter(Boolean);
  if (needs.situation || needs.goals || timeline.length) {
    heading('需求回顾');
    if (needs.situation) paragraph(needs.situation, '现状');
    if (needs.goals) paragraph(needs.goals, '目标');
    if (timeline.length) paragraph(timeline.join('；'), '时间表');
  }

  heading('痛点与解决方案');
  const painCols: Column[] = [
    { title: '#', w: 22 },
    { title: '痛点', w: 150 },
    { title: '解决方案', w: width - 22 - 150 - 140 },
    { title: '对应产品 / 服务', w: 140 },
  ];
  table(
    painCols,
    p.sections.map((s, i) => [
      String(i + 1),
      `${s.painPoint}\n严重程度 ${s.severity}/5`,
      s.solution,
      s.items.map((it) => `${it.name} × ${it.quantity}${it.unit ?? ''}`).join('\n') || '—',
    ]),
  );

  // The same product at the same price in several sections is one line for the customer.
  const lines = new Map<
    string,
    { name: string; sku: string; unit: string | null; quantity: number; unitPrice: number; amount: number }
  >();
  for (const it of p.sections.flatMap((s) => s.items)) {
    const key = `${it.productId}/${it.unitPrice}`;
    const line = lines.get(key);
    if (line) {
      line.quantity += it.quantity;
      line.amount += it.amount;
    } else lines.set(key, { ...it });
  }
  heading('产品与报价');
  const productCols: Column[] = [
    { title: '#', w: 22 },
    { title: '产品 / 服务', w: 170 },
    { title: '编号', w: 78 },
    { title: '数量', w: 52, align: 'right' },
    { title: '单价', w: 86, align: 'right' },
    { title: '金额', w: width - 22 - 170 - 78 - 52 - 86, align: 'right' },
  ];
  table(
    productCols,
    [...lines.values()].map((l, i) => [
      String(i + 1),
      l.name,
      l.sku,
      `${l.quantity}${l.unit ? ` ${l.unit}` : ''}`,
      money(l.unitPrice),
      money(l.amount),
    ]),
    { totalRow: ['', '合计', '', '', '', money(p.total)] },
  );
  ensure(40);
  y += 4;
  doc
    .fontSize(10.5)
    .fillColor('#1f1f1f')
    .text(`合计（大写）：${p.currency === 'CNY' ? '人民币' : p.currency}${rmbUppercase(p.total)}`, LEFT, y, {
      width,
    });
  y = doc.y + 4;
  doc
    .fontSize(8.5)
    .fillColor('#888')
    .text('以上价格为产品目录价，最终价格以正式报价单为准。', LEFT, y, { width });
  y = doc.y + 6;

  heading('联系我们');
  const who = [
    `${companyName}  ${owner.name}${owner.email ? `  ${owner.email}` : ''}`,
    ...(contact
      ? [
          `贵司联系人：${contact.name}${contact.phone ? `  ${contact.phone}` : ''}${contact.email ? `  ${contact.email}` : ''}`,
        ]
      : []),
  ];
  for (const line of who) paragraph(line);

  // footer on every page: company, number, page n / total
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc
      .font('cjk')
      .fontSize(8)
      .fillColor('#aaa')
      .text(`${companyName} · ${p.number} · 第 ${i + 1} / ${range.count} 页`, LEFT, doc.page.height - 62, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

import { invalidField } from '../../http/errors.js';

/** One data row of a spend file, as text, with its row number in the file (the header is row 1). */
export interface SpendCsvRow {
  row: number;
  date: string;
  amount: string;
  line: string;
  category: string;
  period: string;
  territory: string;
  channel: string;
  note: string;
}

const COLUMNS: Record<string, keyof Omit<SpendCsvRow, 'row'>> = {
  date: 'date',
  日期: 'date',
  amount: 'amount',
  金额: 'amount',
  line: 'line',
  预算行: 'line',
  category: 'category',
  类别: 'category',
  period: 'period',
  期间: 'period',
  territory: 'territory',
  区域: 'territory',
  channel: 'channel',
  渠道: 'channel',
  note: 'note',
  备注: 'note',
};

/** RFC 4180 fields: commas, quotes doubled inside quoted fields, CRLF or LF line ends. */
function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw invalidField('csv', `row ${records.length + 1}: a quoted field is not closed`);
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Reads a spend file (UTF-8, with or without BOM): a header row naming the columns (English or
 * Chinese: date/日期, amount/金额, line/预算行, category/类别, period/期间, territory/区域,
 * channel/渠道, note/备注), then one row per spend. Blank lines are skipped.
 */
export function parseSpendCsv(csv: string): SpendCsvRow[] {
  const text = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv;
  const records = parseRecords(text);
  const header = records[0];
  if (!header) throw invalidField('csv', 'the file is empty');
  const columns = header.map((h) => COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()] ?? null);
  for (const need of ['date', 'amount'] as const)
    if (!columns.includes(need)) throw invalidField('csv', `row 1: the header has no ${need} column`);
  if (!columns.includes('line') && !columns.includes('category'))
    throw invalidField('csv', 'row 1: the header needs a line column or category + period columns');
  const rows: SpendCsvRow[] = [];
  records.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row: SpendCsvRow = {
      row: i + 2,
      date: '',
      amount: '',
      line: '',
      category: '',
      period: '',
      territory: '',
      channel: '',
      note: '',
    };
    columns.forEach((col, j) => {
      if (col) row[col] = (cells[j] ?? '').trim();
    });
    rows.push(row);
  });
  if (!rows.length) throw invalidField('csv', 'the file has no data rows');
  return rows;
}

/** "1234.5" yuan → 123450 fen; null unless a positive amount with at most two decimals. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, ''));
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > 0 ? fen : null;
}

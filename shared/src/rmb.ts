/**
 * Chinese uppercase money (人民币大写), as written on quotes, contracts and invoices:
 * 1234.56 → 壹仟贰佰叁拾肆元伍角陆分, 10000.00 → 壹万元整, 100.05 → 壹佰元零伍分.
 * Takes integer fen so there is no float rounding. Rules followed (GB/T and bank practice):
 * a run of zeros inside the integer part reads as one 零 (1001 → 壹仟零壹元); zeros at the end of
 * a 4-digit group are silent; 万/亿 are written when their group is non-zero; "整" when there are
 * no jiao or fen; when jiao is 0 but fen is not, 零 stands for it (100.05 → 壹佰元零伍分).
 * Amounts below one yuan read without 元 (0.05 → 伍分); zero is 零元整; negatives get 负.
 */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL = ['', '拾', '佰', '仟'];
const BIG = ['', '万', '亿', '万亿'];

export function rmbUppercase(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError('fen must be a safe integer');
  if (fen < 0) return `负${rmbUppercase(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return '零元整';
  let out = '';
  if (yuan > 0) out = `${integerWords(yuan)}元`;
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return out;
}

function integerWords(n: number): string {
  const groups: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 10_000)) groups.push(v % 10_000);
  let out = '';
  let zeroPending = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g]!;
    if (group === 0) {
      zeroPending = out !== '';
      continue;
    }
    // A gap before this group (a zero group, or fewer than 4 digits after a higher group) reads 零.
    if (out !== '' && (zeroPending || group < 1000)) out += '零';
    zeroPending = false;
    out += groupWords(group) + BIG[g]!;
  }
  return out;
}

function groupWords(group: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(group / 10 ** pos) % 10;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + SMALL[pos]!;
  }
  return out;
}

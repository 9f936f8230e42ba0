/** Escapes LIKE wildcards so a search for "50%" matches the text "50%". */
export function likePattern(q: string): string {
  return `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Validates the check character of a 统一社会信用代码 (GB 32100-2015). */
export function isValidCreditCode(code: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(code[i]!) * weights[i]!;
  const check = (31 - (sum % 31)) % 31;
  return chars[check] === code[17];
}

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters; the last is a check character over the first 17.
 * Accounts validate it; the seed makes valid ones.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('credit code body must be 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) throw new Error(`invalid credit code character ${first17[i]}`);
    sum += value * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARSET[check];
}

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** GB 11714 organisation code check character over an 8-digit body (the credit code's 9th–17th). */
function organizationCodeCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body8[i]) * weights[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A company's code: 9 (registered by market regulation) + 1 (enterprise) + the 6-digit division
 * code of its district + an organisation code from 8 random digits + the check character.
 */
export function makeCreditCode(divisionCode: string, orgDigits8: string): string {
  const body = `91${divisionCode}${orgDigits8}${organizationCodeCheckChar(orgDigits8)}`;
  return body + creditCodeCheckChar(body);
}

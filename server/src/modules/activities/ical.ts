/*
 * Just enough RFC 5545 to write a subscription feed: text escaping, UTC date-times and line
 * folding at 75 octets that never splits a UTF-8 character.
 */

/** TEXT values: backslash, semicolon, comma and newlines are escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** `20260305T010000Z` */
export function utc(value: string | Date): string {
  const iso = (typeof value === 'string' ? new Date(value) : value).toISOString();
  return `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Folds one content line: at most 75 octets per line, continuations start with a space. */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** A whole calendar: lines as `NAME:value` (already escaped), joined with CRLF and folded. */
export function calendar(lines: string[]): string {
  return lines.map(fold).join('\r\n') + '\r\n';
}

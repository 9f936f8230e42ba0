/** Escapes LIKE wildcards so a search for "50%" matches the text "50%". */
export function likePattern(q: string): string {
  return `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

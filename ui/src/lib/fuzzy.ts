/**
 * Small fuzzy matcher for the command palette: every query character must appear in order;
 * consecutive runs and word starts score higher. Returns null when there is no match.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (q === "") return 0;
  const t = text.toLowerCase();
  const direct = t.indexOf(q);
  if (direct !== -1) return 1000 - direct * 2 - (t.length - q.length) * 0.1;
  let score = 0;
  let ti = 0;
  let previous = -2;
  for (const ch of q) {
    if (ch === " ") continue;
    const found = t.indexOf(ch, ti);
    if (found === -1) return null;
    const atWordStart = found === 0 || /[\s\-_.@/]/.test(t.charAt(found - 1));
    score += found === previous + 1 ? 8 : 1;
    if (atWordStart) score += 6;
    score -= Math.min(found - ti, 10) * 0.2;
    previous = found;
    ti = found + 1;
  }
  return score;
}

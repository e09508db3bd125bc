/** Test helpers for reading vega's SVG output (used by the report's tests only). */

/** How many marks of one kind an SVG holds, by vega's per-item `aria-roledescription` (e.g. `bar`, `rect mark`, `line mark`, `point`, `text mark`). */
export function countMarks(svg: string, role: string): number {
  return svg.split(`aria-roledescription="${role}"`).length - 1;
}

/** The text content of every item of a text mark, in document order. */
export function markTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*aria-roledescription="text mark"[^>]*>([^<]*)<\/text>/g)].map(
    (m) => m[1],
  );
}

/** The `aria-label`s of every item with the given role description. */
export function markLabels(svg: string, role: string): string[] {
  return [...svg.matchAll(/<[a-z]+\s[^>]*aria-roledescription="([^"]*)"[^>]*>/g)]
    .filter((m) => m[1] === role)
    .map((m) => /aria-label="([^"]*)"/.exec(m[0])?.[1] ?? '');
}

/** The text of every axis title. */
export function axisTitles(svg: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<g class="mark-text role-axis-title"[^>]*>(.*?)<\/g>/g)) {
    for (const t of m[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(t[1]);
  }
  return out;
}

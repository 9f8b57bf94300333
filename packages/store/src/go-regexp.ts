/**
 * Prometheus label regexes are Go RE2 syntax; JavaScript's RegExp lacks some of it. This
 * rewrites what differs into an equivalent JS pattern: `(?P<name>` groups, and case-insensitive
 * `(?i)` / `(?i:…)` flags (JS on Node 20 has no inline flags), by spelling letters as `[aA]`.
 */
export function goRegexSource(pattern: string): string {
  let out = '';
  let caseless = false;
  const stack: boolean[] = [];
  let i = 0;
  const letter = (c: string): string => (caseless && c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c);
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '[') {
      let end = i + 1;
      if (pattern[end] === '^') end++;
      if (pattern[end] === ']') end++;
      while (end < pattern.length && pattern[end] !== ']') end += pattern[end] === '\\' ? 2 : 1;
      const body = pattern.slice(i + 1, end);
      const extra = caseless ? [...body.replace(/\\./g, '')].filter((ch) => /[a-zA-Z]/.test(ch)).map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('') : '';
      const ranges = caseless ? [...body.matchAll(/([a-zA-Z])-([a-zA-Z])/g)].map((m) => `${swapCase(m[1]!)}-${swapCase(m[2]!)}`).join('') : '';
      out += `[${body}${extra}${ranges}]`;
      i = end + 1;
      continue;
    }
    if (c === '(') {
      if (pattern.startsWith('(?P<', i)) {
        stack.push(caseless);
        out += '(?<';
        i += 4;
        continue;
      }
      const flags = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(pattern.slice(i));
      if (flags) {
        const on = flags[1]!.includes('i');
        const off = (flags[2] ?? '').includes('i');
        if (flags[3] === ':') {
          stack.push(caseless);
          out += '(?:';
        }
        if (on) caseless = true;
        if (off) caseless = false;
        i += flags[0].length;
        continue;
      }
      stack.push(caseless);
      out += '(';
      i++;
      continue;
    }
    if (c === ')') {
      caseless = stack.pop() ?? false;
      out += ')';
      i++;
      continue;
    }
    out += letter(c);
    i++;
  }
  return out;
}

function swapCase(c: string): string {
  return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}

/** A fully anchored RegExp for a Prometheus label regex (dot matches newlines, as Prometheus' `(?s:…)`). */
export function anchoredGoRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${goRegexSource(pattern)})$`, 's');
}

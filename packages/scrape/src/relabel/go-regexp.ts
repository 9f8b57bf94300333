/**
 * A Prometheus relabel regex: RE2 syntax, fully anchored and dot-all (`^(?s:regex)$`), run with
 * JavaScript's engine. RE2 and JavaScript agree on the syntax relabel rules use; the RE2-only
 * forms that appear in the wild are translated (`(?P<name>`, leading `(?i)` flags, POSIX classes)
 * and anything JavaScript cannot compile is reported as a config error.
 */
export interface GoRegexp {
  /** The regex as configured. */
  readonly source: string;
  readonly anchored: RegExp;
}

export type GoRegexpResult = { readonly ok: true; readonly value: GoRegexp } | { readonly ok: false; readonly error: string };

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Compiles an RE2 relabel regex, anchored at both ends as Prometheus anchors it. */
export function compileGoRegexp(source: string): GoRegexpResult {
  let body = source.replace(/\(\?P</g, '(?<').replace(/\[:(\^?)([a-z]+):\]/g, (whole, negated: string, name: string) => {
    const chars = POSIX_CLASSES[name];
    return chars === undefined || negated ? whole : chars;
  });
  let flags = 's';
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    if (leading[1]!.includes('U')) return { ok: false, error: `regex ${JSON.stringify(source)}: the ungreedy flag (?U) is not supported` };
    for (const f of leading[1]!) if (!flags.includes(f)) flags += f;
    body = body.slice(leading[0].length);
  }
  try {
    return { ok: true, value: { source, anchored: new RegExp(`^(?:${body})$`, flags) } };
  } catch (error) {
    return { ok: false, error: `invalid regex ${JSON.stringify(source)}: ${(error as Error).message}` };
  }
}

/**
 * Expands `$1`, `${1}`, `$name`, `${name}` and `$$` in a template the way Go's
 * `Regexp.ExpandString` does: a name is the longest run of letters, digits and `_`, so `$1x`
 * names the group "1x" (which does not exist, giving ""), and a missing group gives "".
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let i = 0;
  for (;;) {
    const dollar = template.indexOf('$', i);
    if (dollar === -1) return out + template.slice(i);
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const ref = groupReference(template, i);
    if (ref === undefined) {
      out += '$';
      continue;
    }
    i = ref.end;
    out += groupValue(match, ref.name) ?? '';
  }
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

function groupReference(template: string, start: number): { name: string; end: number } | undefined {
  const brace = template[start] === '{';
  let i = brace ? start + 1 : start;
  const nameStart = i;
  while (i < template.length) {
    const code = template.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    if (!NAME_CHAR.test(char)) break;
    i += char.length;
  }
  if (i === nameStart) return undefined;
  const name = template.slice(nameStart, i);
  if (brace) {
    if (template[i] !== '}') return undefined;
    i++;
  }
  return { name, end: i };
}

function groupValue(match: RegExpExecArray, name: string): string | undefined {
  if (/^\d+$/.test(name)) {
    // Go refuses leading zeros and numbers of 1e8 or more as group numbers; they then name nothing.
    if ((name.length > 1 && name.startsWith('0')) || name.length > 8) return undefined;
    return match[Number(name)];
  }
  return match.groups?.[name];
}

import { describe, expect, it } from 'vitest';
import { anchoredGoRegExp } from '../src/go-regexp.js';

// Prometheus label regexes are RE2; these are the spellings JavaScript needs rewritten.
describe('Go regex syntax in label matchers', () => {
  it.each([
    ['(?i:PRO).*', 'production', true],
    ['(?i:PRO).*', 'xproduction', false],
    ['.*((?i)TION)', 'producTION', true],
    ['((?i)PRO)duction', 'PROduction', true],
    ['((?i)PRO)duction', 'PRODUCTION', false],
    ['(?i)[a-c]x', 'BX', true],
    ['[a-c]x', 'Bx', false],
    ['(?P<word>a+)b', 'aab', true],
    ['a.b', 'a\nb', true],
    ['foo|bar', 'foobar', false],
  ])('%s against %j → %s', (pattern, value, expected) => {
    expect(anchoredGoRegExp(pattern).test(value)).toBe(expected);
  });
});

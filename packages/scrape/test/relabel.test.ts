import { describe, expect, it } from 'vitest';
import { labelsFromRecord, labelsToRecord } from '@braid/model';
import { hashmod, relabel } from '../src/index.js';
import { rulesOf } from './support/rules.js';

interface Case {
  readonly name: string;
  readonly input: Record<string, string>;
  readonly rules: readonly object[];
  /** undefined: the label set is dropped. */
  readonly output: Record<string, string> | undefined;
}

/** Cases from Prometheus' relabeling documentation and its relabel_test.go. */
const CASES: readonly Case[] = [
  {
    name: 'replace with ${1} in the replacement',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [{ source_labels: ['a'], regex: 'f(.*)', target_label: 'd', separator: ';', replacement: 'ch${1}-ch${1}', action: 'replace' }],
    output: { a: 'foo', b: 'bar', c: 'baz', d: 'choo-choo' },
  },
  {
    name: 'replace over several source labels joined by the separator, rules in order',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [
      { source_labels: ['a', 'b'], regex: 'f(.*);(.*)r', target_label: 'a', replacement: 'b${1}${2}m' },
      { source_labels: ['c', 'a'], regex: '(b).*b(.*)ba(.*)', target_label: 'd', replacement: '$1$2$2$3' },
    ],
    output: { a: 'boobam', b: 'bar', c: 'baz', d: 'boooom' },
  },
  {
    name: 'replace is the default action and (.*) the default regex, $1 the default replacement',
    input: { a: 'foo' },
    rules: [{ source_labels: ['a'], target_label: 'b' }],
    output: { a: 'foo', b: 'foo' },
  },
  {
    name: 'replace without a match changes nothing (the regex is anchored)',
    input: { a: 'boo' },
    rules: [{ source_labels: ['a'], regex: 'f', target_label: 'b', replacement: 'bar' }],
    output: { a: 'boo' },
  },
  {
    name: 'replace with an empty result deletes the target label',
    input: { a: 'foo', b: 'bar' },
    rules: [{ source_labels: ['a'], regex: 'f(.*)', target_label: 'b', replacement: '$2' }],
    output: { a: 'foo' },
  },
  {
    name: 'replace sets a fixed value from an absent source label',
    input: { a: 'foo' },
    rules: [{ source_labels: ['missing'], target_label: 'env', replacement: 'prod' }],
    output: { a: 'foo', env: 'prod' },
  },
  {
    name: 'replace: "$1x" names group "1x" as Go does (empty), "${1}x" is group 1 then x',
    input: { a: 'foo' },
    rules: [
      { source_labels: ['a'], regex: '(.*)', target_label: 'b', replacement: '$1x' },
      { source_labels: ['a'], regex: '(.*)', target_label: 'c', replacement: '${1}x' },
      { source_labels: ['a'], regex: '(?P<word>.*)', target_label: 'd', replacement: '$word-$$' },
    ],
    output: { a: 'foo', c: 'foox', d: 'foo-$' },
  },
  {
    name: 'replace with a target label from a capture group',
    input: { a: 'some-name-value' },
    rules: [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${2}' }],
    output: { a: 'some-name-value', name: 'value' },
  },
  {
    name: 'replace with a target label that expands to an invalid name changes nothing',
    input: { a: 'some-1name-value' },
    rules: [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${2}' }],
    output: { a: 'some-1name-value' },
  },
  {
    name: 'regexes match across newlines (dot-all) and honour a leading (?i)',
    input: { a: 'foo\nbar', b: 'FOO' },
    rules: [
      { source_labels: ['a'], regex: 'foo.bar', action: 'keep' },
      { source_labels: ['b'], regex: '(?i)foo', target_label: 'c', replacement: 'matched' },
    ],
    output: { a: 'foo\nbar', b: 'FOO', c: 'matched' },
  },
  { name: 'drop on a match', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: '.*o.*', action: 'drop' }], output: undefined },
  {
    name: 'drop needs the whole value to match',
    input: { a: 'foo', b: 'bar' },
    rules: [{ source_labels: ['a'], regex: 'f|o', action: 'drop' }],
    output: { a: 'foo', b: 'bar' },
  },
  { name: 'keep without a match drops', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: 'no-match', action: 'keep' }], output: undefined },
  { name: 'keep on a match', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: 'f.*', action: 'keep' }], output: { a: 'foo' } },
  {
    name: 'keep on the empty value of absent labels',
    input: { a: 'foo' },
    rules: [{ source_labels: ['b', 'c'], regex: ';', action: 'keep' }],
    output: { a: 'foo' },
  },
  {
    name: 'hashmod: low 64 bits of MD5 modulo the modulus',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [{ source_labels: ['c'], target_label: 'd', separator: ';', modulus: 1000, action: 'hashmod' }],
    output: { a: 'foo', b: 'bar', c: 'baz', d: '976' },
  },
  {
    name: 'hashmod then keep: sharding targets',
    input: { __address__: 'node-1:9100' },
    rules: [
      { source_labels: ['__address__'], target_label: '__tmp_hash', modulus: 2, action: 'hashmod' },
      { source_labels: ['__tmp_hash'], regex: String(hashmod('node-1:9100', 2)), action: 'keep' },
    ],
    output: { __address__: 'node-1:9100', __tmp_hash: String(hashmod('node-1:9100', 2)) },
  },
  {
    name: 'labelmap copies matching labels under the replacement name',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [{ regex: '(b.*)', replacement: 'bar_${1}', action: 'labelmap' }],
    output: { a: 'foo', b1: 'bar', b2: 'baz', bar_b1: 'bar', bar_b2: 'baz' },
  },
  {
    name: 'labelmap of meta labels, then labeldrop of the originals',
    input: { __meta_my_bar: 'aaa', __meta_my_baz: 'bbb', __meta_other: 'ccc' },
    rules: [
      { regex: '__meta_(my.*)', replacement: '${1}', action: 'labelmap' },
      { regex: '__meta_.*', action: 'labeldrop' },
    ],
    output: { my_bar: 'aaa', my_baz: 'bbb' },
  },
  { name: 'labeldrop', input: { a: 'foo', b1: 'bar', b2: 'baz' }, rules: [{ regex: '(b.*)', action: 'labeldrop' }], output: { a: 'foo' } },
  { name: 'labelkeep', input: { a: 'foo', b1: 'bar', b2: 'baz' }, rules: [{ regex: '(b.*)', action: 'labelkeep' }], output: { b1: 'bar', b2: 'baz' } },
  {
    name: 'lowercase and uppercase',
    input: { foo: 'bAr123Foo' },
    rules: [
      { source_labels: ['foo'], target_label: 'foo_lower', action: 'lowercase' },
      { source_labels: ['foo'], target_label: 'foo_upper', action: 'uppercase' },
    ],
    output: { foo: 'bAr123Foo', foo_lower: 'bar123foo', foo_upper: 'BAR123FOO' },
  },
  { name: 'keepequal keeps equal values', input: { a: 'foo', b: 'foo' }, rules: [{ source_labels: ['a'], target_label: 'b', action: 'keepequal' }], output: { a: 'foo', b: 'foo' } },
  { name: 'keepequal drops different values', input: { a: 'foo', b: 'bar' }, rules: [{ source_labels: ['a'], target_label: 'b', action: 'keepequal' }], output: undefined },
  { name: 'dropequal drops equal values', input: { a: 'foo', b: 'foo' }, rules: [{ source_labels: ['a'], target_label: 'b', action: 'dropequal' }], output: undefined },
  {
    name: 'the action is case-insensitive; the __name__ label can be rewritten',
    input: { __name__: 'node_cpu_seconds_total', mode: 'idle' },
    rules: [{ source_labels: ['__name__'], regex: 'node_(.*)', target_label: '__name__', replacement: 'host_$1', action: 'Replace' }],
    output: { __name__: 'host_cpu_seconds_total', mode: 'idle' },
  },
];

describe('relabel', () => {
  it.each(CASES)('$name', (c) => {
    const result = relabel(labelsFromRecord(c.input), rulesOf(c.rules));
    expect(result && labelsToRecord(result)).toEqual(c.output);
    if (result) expect(result.map((l) => l.name)).toEqual(Object.keys(c.output ?? {}).sort());
  });

  it('returns the labels unchanged without rules', () => {
    const labels = labelsFromRecord({ a: 'b' });
    expect(relabel(labels, [])).toBe(labels);
  });
});

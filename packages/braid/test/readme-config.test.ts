import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/config.js';

// The README's configuration table is what users read; it must list every setting as the CLI knows it.
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const rows = new Map(
  [...readme.matchAll(/^\| `--([a-z-]+)` \| `(BRAID_[A-Z_]+)` \| `([^`]*)` \|/gm)].map(([, flag, env, fallback]) => [flag!, { env, fallback }]),
);

describe('README configuration table', () => {
  it.each(Object.values(SETTINGS))('lists --$flag with its variable and default', (setting) => {
    expect(rows.get(setting.flag)).toEqual({ env: setting.env, fallback: setting.fallback });
  });

  it('lists no setting the CLI lacks', () => {
    expect([...rows.keys()].sort()).toEqual(Object.values(SETTINGS).map((s) => s.flag).sort());
  });
});

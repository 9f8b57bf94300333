import { fileURLToPath } from 'node:url';
import type { UserWorkspaceConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

/** Per-package vitest project: tests import sibling packages from source, not from dist. */
export function braidProject(name: string): UserWorkspaceConfig {
  return {
    resolve: {
      alias: [
        { find: /^@braid\/store\/contract$/, replacement: `${packagesDir}store/src/contract/index.ts` },
        { find: /^@braid\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      ],
    },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { resolveConfig, startBraid, type Braid } from '../../src/index.js';

/** A braid on its own temp data dir and free ports, for one test file. */
export interface BraidHarness {
  readonly braid: Braid;
  readonly dataDir: string;
  readonly httpUrl: string;
  readonly grpcAddress: string;
  /** Stops braid and removes its data. */
  dispose(): Promise<void>;
}

/** Starts an in-process braid; extra flags override the test defaults. */
export async function startTestBraid(extraArgs: readonly string[] = []): Promise<BraidHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'braid-test-'));
  const config = resolveConfig(['--data-dir', dataDir, '--http-port', '0', '--grpc-port', '0', ...extraArgs], {});
  const braid = await startBraid(config, pino({ level: 'silent' }));
  return {
    braid,
    dataDir,
    httpUrl: braid.server.httpUrl,
    grpcAddress: braid.server.grpcAddress,
    async dispose() {
      await braid.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

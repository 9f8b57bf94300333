#!/usr/bin/env node
import pino from 'pino';
import { resolveConfig, usage, type BraidConfig } from './config.js';
import { startBraid } from './braid.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  let config: BraidConfig;
  try {
    config = resolveConfig(argv, process.env);
  } catch (error) {
    process.stderr.write(`braid: ${(error as Error).message}\n\n${usage()}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = pino({ level: config.logLevel });
  const braid = await startBraid(config, logger);
  const { httpUrl, grpcAddress } = braid.server;
  process.stdout.write(
    [
      '',
      `braid is running on its embedded store in ${config.dataDir}`,
      `  UI and query APIs   ${httpUrl}`,
      `  OTLP/HTTP           ${httpUrl}/v1/traces  ${httpUrl}/v1/logs  ${httpUrl}/v1/metrics`,
      `  OTLP/gRPC           ${grpcAddress}`,
      `  Tempo trace by id   ${httpUrl}/api/traces/<trace-id>`,
      '',
    ].join('\n') + '\n',
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'draining: committing accepted data before exit');
    braid.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`braid: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

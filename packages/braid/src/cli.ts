#!/usr/bin/env node
import pino from 'pino';
import { ConfigError, resolveConfig, usage, type BraidConfig } from './config.js';
import { startBraid, type Braid } from './braid.js';

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
  let braid: Braid;
  try {
    braid = await startBraid(config, logger);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`braid: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const { httpUrl, grpcAddress } = braid.server;
  process.stdout.write(
    [
      '',
      `braid is running on its embedded store in ${config.dataDir}`,
      `  UI and query APIs   ${httpUrl}`,
      `  OTLP/HTTP           ${httpUrl}/v1/traces  ${httpUrl}/v1/logs  ${httpUrl}/v1/metrics`,
      `  OTLP/gRPC           ${grpcAddress}`,
      `  Tempo trace by id   ${httpUrl}/api/traces/<trace-id>`,
      ...(braid.scraping ? [`  Scraping            ${braid.scraping.manager.targets().length} targets from ${config.scrapeConfig} (SIGHUP reloads it)`] : []),
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
  const scraping = braid.scraping;
  if (scraping) process.on('SIGHUP', () => void scraping.reload());
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`braid: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

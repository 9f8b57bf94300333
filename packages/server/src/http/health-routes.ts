import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

/** Liveness and readiness for orchestrators. */
export function registerHealthRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/healthz', async (_request, reply) => reply.type('text/plain').send('ok'));
  app.get('/readyz', async (_request, reply) =>
    context.ready() ? reply.type('text/plain').send('ready') : reply.code(503).type('text/plain').send('not ready'),
  );
}

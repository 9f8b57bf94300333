import type { FastifyRequest } from 'fastify';

/**
 * A Prometheus API request's parameters: the URL query merged with an
 * `application/x-www-form-urlencoded` body, as Prometheus accepts both on GET and POST.
 */
export class ApiParams {
  private constructor(private readonly params: URLSearchParams) {}

  static of(request: FastifyRequest): ApiParams {
    const params = new URL(request.url, 'http://braid').searchParams;
    const type = request.headers['content-type'] ?? '';
    if (request.method === 'POST' && Buffer.isBuffer(request.body) && /application\/x-www-form-urlencoded/i.test(type)) {
      for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) params.append(name, value);
    }
    return new ApiParams(params);
  }

  get(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === '' ? undefined : value;
  }

  all(name: string): string[] {
    return this.params.getAll(name);
  }
}

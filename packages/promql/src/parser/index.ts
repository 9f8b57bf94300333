import type { Expr } from '../ast.js';
import { PromQLError } from '../query.js';

// Placeholder until the lezer-promql parser lands: keeps the engine and the API compiling.
export interface ParseOptions {
  readonly experimental?: boolean;
}

export function parseExpr(query: string, options: ParseOptions = {}): Expr {
  void options;
  throw new PromQLError('bad_data', `PromQL parser not available yet: ${query}`);
}

export function formatExpr(expr: Expr): string {
  throw new PromQLError('bad_data', `PromQL printer not available yet: ${expr.type}`);
}

import type { PositionRange } from '../ast.js';

/** Warnings and infos collected while evaluating, formatted as Prometheus' API returns them. */
export class Annotations {
  readonly warnings: string[] = [];
  readonly infos: string[] = [];

  constructor(private readonly query: string) {}

  warn(message: string, position: PositionRange): void {
    this.add(this.warnings, `PromQL warning: ${message}${this.at(position)}`);
  }

  info(message: string, position: PositionRange): void {
    this.add(this.infos, `PromQL info: ${message}${this.at(position)}`);
  }

  private add(list: string[], text: string): void {
    if (!list.includes(text)) list.push(text);
  }

  /** ` (line:column)` of the position's start, 1-based, as Prometheus' posrange does. */
  private at(position: PositionRange): string {
    const before = this.query.slice(0, position.start);
    const line = before.split('\n').length;
    const column = position.start - before.lastIndexOf('\n');
    return ` (${line}:${column})`;
  }
}

import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** A fixed set of read connections handed out one query at a time; callers queue when all are busy. */
export class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiters: ((connection: DuckDBConnection) => void)[] = [];

  private constructor(private readonly all: readonly DuckDBConnection[]) {
    this.idle = [...all];
  }

  /** Opens `size` connections on an instance. */
  static async open(instance: DuckDBInstance, size: number): Promise<ConnectionPool> {
    const connections: DuckDBConnection[] = [];
    for (let i = 0; i < size; i++) connections.push(await instance.connect());
    return new ConnectionPool(connections);
  }

  /** Runs `work` on an idle connection. */
  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiters.push(resolve)));
    try {
      return await work(connection);
    } finally {
      const next = this.waiters.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  /** Closes every connection. */
  close(): void {
    for (const connection of this.all) connection.closeSync();
  }
}

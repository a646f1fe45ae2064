// The few things the store needs from a database driver. PGlite (one in-process connection)
// and pg (a pool of connections) both sit behind it, so the store's SQL is written once.

/** What a statement returns: its rows, and how many rows it touched or returned. */
export interface SqlResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** Something that runs one parameterized statement: the client itself, or an open transaction. */
export interface SqlQueryable {
  /**
   * Runs one statement; `$1`, `$2`, … in `text` name the entries of `params`.
   * @param text The statement, without any user value in it.
   * @param params The values of the placeholders.
   * @returns The rows and the row count.
   * @throws The driver's error when the statement fails.
   */
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<SqlResult<Row>>;
}

/** A database the store talks to: statements, transactions, and closing. */
export interface SqlClient extends SqlQueryable {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * On PGlite every other statement waits while it is open, so keep `work` short, and inside it
   * use only the transaction it is given (the client itself would wait for `work`: a deadlock).
   * @param work The statements to run together.
   * @returns What `work` returned.
   * @throws What `work` threw, after the rollback; the driver's error when commit fails.
   */
  transaction<Result>(work: (transaction: SqlQueryable) => Promise<Result>): Promise<Result>;
  /**
   * Closes the connection(s); the client is unusable afterwards.
   * @returns When closed.
   */
  close(): Promise<void>;
}

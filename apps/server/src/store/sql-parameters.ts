/**
 * Collects the values of a statement as it is built: each value becomes a `$n` placeholder, so
 * no value is ever written into SQL text.
 */
export class SqlParameters {
  /** The values, in placeholder order (`$1` is the first). */
  readonly values: unknown[] = [];

  /**
   * Adds a value.
   * @param value The value to bind.
   * @returns Its placeholder, `$n`.
   */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

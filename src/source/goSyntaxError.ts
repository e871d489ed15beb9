// The error for Go source text that does not parse: thrown by the block
// parser (src/source/blocks.ts, which re-exports it). A module of its own so
// that CLI code can recognise it without loading the parser (start-up).

/** The file does not parse as Go: cover (and the compiler) would reject it (at a 1-based line and column, with the text found there). */
export class GoSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    readonly text: string,
  ) {
    super(`syntax error at ${line}:${col} near ${JSON.stringify(text)}`);
    this.name = 'GoSyntaxError';
  }
}

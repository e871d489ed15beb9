// Which lines of a Go source hold code: source text in, a per-line flag out.
// A line holds code when anything but white space and comments is on it
// (string and raw-string contents count as code, so a line inside a
// multi-line raw string does). Go's blocks are position ranges, so a comment
// or blank line inside a function body lies inside a block; the patch must
// not count such a line as executable.

/** `codeLines(text)[n]` is true when line n (1-based) holds code. */
export function codeLines(text: string): boolean[] {
  const code: boolean[] = [false, false];
  let line = 1;
  type State = 'code' | 'line' | 'block' | 'str' | 'rune' | 'raw';
  let state: State = 'code';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      // Every line of a multi-line raw string is part of a statement.
      code[line] = state === 'raw';
      if (state === 'line') state = 'code';
      // A newline inside "..." or '...' is a syntax error in Go; recover at the line end.
      if (state === 'str' || state === 'rune') state = 'code';
      continue;
    }
    switch (state) {
      case 'code':
        if (c === '/' && text[i + 1] === '/') {
          state = 'line';
          i++;
        } else if (c === '/' && text[i + 1] === '*') {
          state = 'block';
          i++;
        } else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\f' && c !== '\v' && c !== '\ufeff') {
          code[line] = true;
          if (c === '"') state = 'str';
          else if (c === "'") state = 'rune';
          else if (c === '`') state = 'raw';
        }
        break;
      case 'block':
        if (c === '*' && text[i + 1] === '/') {
          state = 'code';
          i++;
        }
        break;
      case 'line':
        break;
      case 'str':
      case 'rune':
        code[line] = true;
        if (c === '\\') i++;
        else if ((c === '"' && state === 'str') || (c === "'" && state === 'rune')) state = 'code';
        break;
      case 'raw':
        code[line] = true;
        if (c === '`') state = 'code';
        break;
    }
  }
  return code;
}

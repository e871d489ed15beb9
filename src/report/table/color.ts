// Whether to colour terminal output, from the environment and whether the
// output is a TTY. FORCE_COLOR wins (as in Node and chalk: "0"/"false" force
// off, any other value forces on), then NO_COLOR (any non-empty value turns
// colour off, per no-color.org), then TERM=dumb; otherwise colour iff a TTY.

/** Decide colour for an output stream. */
export function colorEnabled(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

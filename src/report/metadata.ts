// Coverage-run metadata JSON, byte-compatible with gopherage's `metadata`
// command: fields in, one JSON object (no trailing newline, keys in
// gopherage's order, strings escaped as Go's encoding/json does) out. Pure:
// defaults from the environment and git are resolved by the CLI.

/** Fields common to `abs` and `inc`. */
export interface BaseMetadata {
  host: string;
  project: string;
  workspaceRoot: string;
  traceType: string;
}

/** `metadata abs`: absolute coverage of a commit. */
export interface AbsMetadata extends BaseMetadata {
  commitId: string;
  ref: string;
  source: string;
  /** JSON key `git_project` (flag `--replace_root`), as in gopherage. */
  replaceRoot: string;
}

/** `metadata inc`: incremental coverage of a Gerrit change. */
export interface IncMetadata extends BaseMetadata {
  changelistNum: string;
  patchsetNum: string;
}

/** A JSON string literal as Go's json.Marshal writes it (HTML-safe: <, >, & and U+2028/9 escaped). */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function object(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${goJsonString(k)}:${goJsonString(v)}`).join(',')}}`;
}

function base(m: BaseMetadata): [string, string][] {
  return [
    ['host', m.host],
    ['project', m.project],
    ['workspace_root', m.workspaceRoot],
    ['trace_type', m.traceType],
  ];
}

/** JSON for `metadata abs`: host, project, workspace_root, trace_type, commit_id, ref, source, git_project. */
export function absMetadataJson(m: AbsMetadata): string {
  return object([...base(m), ['commit_id', m.commitId], ['ref', m.ref], ['source', m.source], ['git_project', m.replaceRoot]]);
}

/** JSON for `metadata inc`: host, project, workspace_root, trace_type, changelist_num, patchset_num. */
export function incMetadataJson(m: IncMetadata): string {
  return object([...base(m), ['changelist_num', m.changelistNum], ['patchset_num', m.patchsetNum]]);
}

// The folding engine: many inputs in, one accumulator out, one input at a
// time, so memory is bounded by the distinct blocks and not by the number of
// inputs. Text inputs are streamed through a GuidedProfileBuilder whose
// template is the fold so far (fast when inputs come from one build); other
// inputs (e.g. GOCOVERDIR directories) are loaded as Profiles. Results and
// errors are those of parsing each input fully and folding the Profiles.
//
// Any fold works: `Merger` (merge) is one; an aggregate or a diff can pass its
// own `Folder`.

import type { Profile } from '../profile/model.js';
import { GuideCache, parseGuided } from '../profile/guided.js';

/** Something profiles are folded into, one input at a time. */
export interface Folder {
  /** Fold one input in; `input` names it in error messages. */
  add(profile: Profile, input: string): void;
  /** The fold's result. */
  result(): Profile;
  /** Blocks the next input most likely has (the fold so far), to guide its parse; null if unknown. */
  template?(): Profile | null;
  /** True if `add` keeps no reference to the input's `counts` arrays: they are then reused for the next input. */
  readonly consumesCounts?: boolean;
}

/** An input given as a byte stream (plain or gzip-decoded text). */
export interface StreamSource {
  readonly input: string;
  /** The input's decoded bytes, in chunks of any size. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Optional: the input's size in bytes, when known (the parse sizes its tables from it). */
  readonly bytes?: number | null;
  /** Optional: map an error raised while reading or parsing to the error to report. */
  explain?(err: unknown): Promise<unknown>;
}

/** An input loaded some other way (e.g. a GOCOVERDIR directory). */
export interface LoadedSource {
  readonly input: string;
  load(): Promise<Profile>;
}

export type FoldSource = StreamSource | LoadedSource;

/** Read one source into its canonical Profile (errors as `explain` maps them). */
export async function readSource(source: FoldSource, template: Profile | null, cache?: GuideCache): Promise<Profile> {
  if ('load' in source) return source.load();
  return explaining(source, () => parseGuided(source.chunks(), source.input, template, cache, source.bytes ?? undefined));
}

/** Run `read` over a stream source; an error it throws is reported as the source's `explain` maps it. */
export async function explaining<T>(source: StreamSource, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw source.explain ? await source.explain(err) : err;
  }
}

/** Fold sources into `folder`, in order, one at a time. */
export async function foldSources(sources: Iterable<FoldSource> | AsyncIterable<FoldSource>, folder: Folder): Promise<void> {
  const cache = new GuideCache(folder.consumesCounts === true);
  for await (const source of sources) {
    const profile = await readSource(source, folder.template?.() ?? null, cache);
    folder.add(profile, source.input);
  }
}

// `collect`: pull the coverage of many live processes at once (p-map,
// bounded concurrency), decode each answer, merge them in target order (so
// the result does not depend on which answer came first) and, with `reset`,
// then zero the counters of every target whose counts landed. A failing
// target never stops the others: it is returned by name. Targets in, a merged
// Profile plus per-target payloads and failures out.

import pMap from 'p-map';
import { Merger } from '../ops/merge.js';
import type { Profile } from '../profile/model.js';
import { decodePayload, type Payload } from './payload.js';
import { coverageUrl, request, resetUrl, TargetError, type PullOptions } from './pull.js';

/** Options of a collection. */
export interface CollectOptions extends PullOptions {
  /** Targets pulled at once. */
  readonly concurrency: number;
  /** After collecting, POST /coverage/reset to each target collected. */
  readonly reset?: boolean;
  /** Called when a target is done (collected or failed), for progress. */
  readonly onDone?: (target: string, ok: boolean) => void;
}

/** One target's outcome. */
export type TargetResult = { readonly target: string; readonly payload: Payload } | { readonly target: string; readonly error: TargetError };

/** What a collection gives. */
export interface Collection {
  /** Every target, in the order given. */
  readonly results: readonly TargetResult[];
  /** The merge of every collected target (null when none was). */
  readonly merged: Profile | null;
  /** Targets whose coverage is in `merged` (pulled, decoded and merged), in target order. */
  readonly landed: readonly string[];
  /** Failures, in target order: pulls, decodes, merges and resets. */
  readonly failures: readonly TargetError[];
}

/** Collect from every target (URLs already validated with coverageUrl). */
export async function collectTargets(targets: readonly string[], opts: CollectOptions): Promise<Collection> {
  const results = await pMap(
    targets,
    async (target): Promise<TargetResult> => {
      try {
        const bytes = await request(target, coverageUrl(target), 'GET', opts);
        const payload = await decodePayload(bytes, target);
        opts.onDone?.(target, true);
        return { target, payload };
      } catch (err) {
        opts.onDone?.(target, false);
        return { target, error: asTargetError(target, err) };
      }
    },
    { concurrency: opts.concurrency },
  );
  const failures: TargetError[] = [];
  const merger = new Merger();
  const landed: string[] = [];
  for (const r of results) {
    if ('error' in r) {
      failures.push(r.error);
      continue;
    }
    try {
      merger.add(r.payload.profile, r.target);
      landed.push(r.target);
    } catch (err) {
      failures.push(asTargetError(r.target, err));
    }
  }
  if (opts.reset) {
    // Only targets whose counts landed are reset: the others keep their data.
    const resets = await pMap(
      landed,
      async (target) => {
        try {
          await request(target, resetUrl(target), 'POST', opts);
          return null;
        } catch (err) {
          return asTargetError(target, err);
        }
      },
      { concurrency: opts.concurrency },
    );
    for (const e of resets) if (e) failures.push(e);
  }
  return { results, merged: landed.length > 0 ? merger.result() : null, landed, failures };
}

function asTargetError(target: string, err: unknown): TargetError {
  if (err instanceof TargetError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new TargetError(target, message.startsWith(`${target}: `) ? message.slice(target.length + 2) : message);
}

/**
 * What the tolerant readers throw when an answer lacks what the SDK relies on: the paths at fault,
 * turned into a `KeeptrustsValidationError` by `invoke`.
 *
 * @module
 */
import type { ResponseIssue } from "../errors.ts";

/** An answer, or an item of it, lacks what the SDK relies on. */
export class ShapeError extends Error {
  /** Every problem found (at most 20). */
  readonly issues: readonly ResponseIssue[];

  /** @param issues The problems, each with its path. */
  constructor(issues: readonly ResponseIssue[]) {
    super(`${issues[0]?.path || "(body)"} expected ${issues[0]?.expected ?? "a valid value"}`);
    this.issues = issues;
  }
}

interface IssueLike {
  readonly kind: string;
  readonly expected: string | null;
  readonly path?: ReadonlyArray<{ readonly key: unknown }>;
}

/** Valibot's issues as paths and expectations (the first 20), under an optional path prefix. */
export function toIssues(issues: readonly IssueLike[], prefix = ""): ResponseIssue[] {
  return issues.slice(0, 20).map((issue) => {
    const path = (issue.path ?? []).map((p) => String(p.key)).join(".");
    return {
      path: prefix && path ? `${prefix}.${path}` : prefix || path,
      expected: issue.expected ?? issue.kind,
    };
  });
}

/**
 * The evidence errors of the error family (`errors.ts`): an archive refused before anything of it
 * was trusted, and evidence that did not verify. Kept apart so that the gateway lane, which never
 * handles evidence, does not load them. Web APIs only.
 *
 * @module
 */
import { KeeptrustsError, type KeeptrustsErrorOptions } from "./errors.ts";

/** Options of {@linkcode KeeptrustsBundleError}. */
export interface KeeptrustsBundleErrorOptions extends KeeptrustsErrorOptions {
  /** The archive entry at fault, when one is. */
  entry?: string | null;
}

/**
 * An evidence archive is unacceptable (hostile or malformed); nothing of it was trusted or
 * written. `code` says why: `too_large`, `unsafe_path`, `duplicate_entry`, `bomb`, `corrupt`, ...
 */
export class KeeptrustsBundleError extends KeeptrustsError {
  /** The error's class name. */
  override name: string = "KeeptrustsBundleError";
  /** The entry at fault, when one is. */
  readonly entry: string | null;

  /**
   * Creates the error.
   *
   * @param message Explanation.
   * @param options Code, entry.
   */
  constructor(message: string, options: KeeptrustsBundleErrorOptions = {}) {
    super(message, options);
    this.entry = options.entry ?? null;
  }
}

/** The least a verification report has: whether it passed, and every failure with its code. */
export interface VerificationReportLike {
  /** Whether everything verified. */
  readonly ok: boolean;
  /** Every problem found. */
  readonly failures: readonly { readonly code: string; readonly reason: string }[];
}

/** Options of {@linkcode KeeptrustsVerificationError}. */
export interface KeeptrustsVerificationErrorOptions<R extends VerificationReportLike>
  extends KeeptrustsErrorOptions {
  /** The failing report. */
  report: R;
}

/**
 * Evidence did not verify: thrown by the `assert*` functions, with the full report (the one the
 * matching `verify*` function returns) in `report`.
 */
export class KeeptrustsVerificationError<R extends VerificationReportLike = VerificationReportLike>
  extends KeeptrustsError {
  /** The error's class name. */
  override name: string = "KeeptrustsVerificationError";
  /** The full report. */
  readonly report: R;

  /**
   * Creates the error.
   *
   * @param message Explanation (the first failure).
   * @param options The report; `code` defaults to the first failure's code.
   */
  constructor(message: string, options: KeeptrustsVerificationErrorOptions<R>) {
    super(message, { ...options, code: options.code ?? options.report.failures[0]?.code });
    this.report = options.report;
  }
}

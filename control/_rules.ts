/**
 * How each kind of record is read (`_read.ts`): the spec's schema for the fast path, the
 * normaliser of the documented variants, and what the SDK relies on in the view.
 *
 * @module
 */
import { vEvent, vEventDetail, vTrailRecord } from "../generated/valibot.gen.ts";
import type { ReadRule } from "./_read.ts";
import {
  vEventDetailView,
  vEventView,
  vExportJobView,
  vServiceAccountCreatedView,
  vTokenCreatedView,
  vTokenView,
  vTrailRecordView,
  vWalletBalanceView,
  vWhoAmIView,
} from "./_shapes.ts";
import { eventView, exportJobView, walletBalanceView } from "./_views.ts";

/** A decision event of a list page. */
export const EVENT_RULE: ReadRule = {
  strict: vEvent,
  normalize: (raw) => eventView(raw, false),
  relaxed: vEventView,
};

/** A decision event in detail form. */
export const EVENT_DETAIL_RULE: ReadRule = {
  strict: vEventDetail,
  normalize: (raw) => eventView(raw, true),
  relaxed: vEventDetailView,
};

/** A trail record: never normalised (its hash covers it as sent); administrative records too. */
export const TRAIL_RECORD_RULE: ReadRule = { strict: vTrailRecord, relaxed: vTrailRecordView };

/** An export job. */
export const EXPORT_JOB_RULE: ReadRule = { normalize: exportJobView, relaxed: vExportJobView };

/** The token's identity. */
export const WHOAMI_RULE: ReadRule = { relaxed: vWhoAmIView };

/** Wallet balances. */
export const WALLET_BALANCE_RULE: ReadRule = {
  normalize: walletBalanceView,
  relaxed: vWalletBalanceView,
};

/** Token metadata. */
export const TOKEN_RULE: ReadRule = { relaxed: vTokenView };

/** A created token and its secret. */
export const TOKEN_CREATED_RULE: ReadRule = { relaxed: vTokenCreatedView };

/** A created service account and its token. */
export const SERVICE_ACCOUNT_CREATED_RULE: ReadRule = { relaxed: vServiceAccountCreatedView };

/**
 * The control-plane lane of `@keeptrusts/client`: trusted server helpers over the Keeptrusts
 * control-plane API. Decision events and spend, the tamper-evident trail (records, signed digests,
 * public keys), verification that does not trust the server, evidence bundles gathered for
 * `./evidence` to write and check, and automation (service accounts, token rotation). Server and
 * job code only: the client refuses to start in a browser. Answers are read the tolerant way: the
 * platform's documented spellings of a record read into one view (`rawOf` gives the object as
 * sent), an item a page cannot read is reported rather than failing the page, and every answer is
 * bounded in size and time.
 *
 * @example Spend and verification
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, iterateEvents, summarizeSpend, verifyTrail } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient(); // KEEPTRUSTS_API_URL, KEEPTRUSTS_API_TOKEN
 * const events = iterateEvents(client, { agentId: "agent-finance-assistant", since: "7d" });
 * const spend = await summarizeSpend(events, { by: "day" }); // exact: no float noise
 * const report = await verifyTrail(client, { deepVerify: true });
 * assert.ok(spend.total_cost_usd > 0);
 * assert.equal(report.chain_integrity, "intact");
 * ```
 *
 * @module
 */
export * from "../errors.ts";
export * from "../evidence_errors.ts";
export {
  ControlPlaneClient,
  type ControlPlaneClientOptions,
  createControlPlaneClient,
  DEFAULT_API_URL,
  KeeptrustsControlPlane,
} from "./control_plane_client.ts";
export { type CallOptions, requestIdOf } from "./call_options.ts";
export { whoami } from "./whoami.ts";
export { iterateEvents, listEvents, type ListEventsOptions } from "./list_events.ts";
export { getEvent } from "./get_event.ts";
export { type EventSpend, getEventCostAttribution } from "./get_event_cost_attribution.ts";
export {
  type SpendGroup,
  type SpendSummary,
  summarizeSpend,
  type SummarizeSpendOptions,
} from "./summarize_spend.ts";
export { rawOf } from "./raw_of.ts";
export {
  iterateTrailRecords,
  listTrailRecords,
  type ListTrailRecordsOptions,
} from "./list_trail_records.ts";
export { listDigests, type ListDigestsOptions } from "./list_digests.ts";
export { downloadDigest } from "./download_digest.ts";
export { listPublicKeys } from "./list_public_keys.ts";
export { getPublicKey, type GetPublicKeyOptions } from "./get_public_key.ts";
export { getLatestDigest } from "./get_latest_digest.ts";
export { getInclusionProof, type GetInclusionProofOptions } from "./get_inclusion_proof.ts";
export { getConsistencyProof, type GetConsistencyProofOptions } from "./get_consistency_proof.ts";
export { pinPublicKeys } from "./pin_public_keys.ts";
export {
  assertTrailVerified,
  type TrailReport,
  verifyTrail,
  type VerifyTrailOptions,
} from "./verify_trail.ts";
export { buildEvidenceBundle, type BuildEvidenceBundleOptions } from "./build_evidence_bundle.ts";
export {
  type BootstrappedServiceAccount,
  bootstrapServiceAccount,
  type BootstrapServiceAccountOptions,
} from "./bootstrap_service_account.ts";
export { type CreatedToken, createToken, type CreateTokenOptions } from "./create_token.ts";
export { listTokens, type ListTokensOptions } from "./list_tokens.ts";
export { revokeToken } from "./revoke_token.ts";
export {
  buildTokenRotationPlan,
  type TokenRotationEntry,
  type TokenRotationPlan,
  type TokenRotationStep,
} from "./build_token_rotation_plan.ts";
export { Secret } from "./secret.ts";
export { createExportJob, type CreateExportJobOptions } from "./create_export_job.ts";
export { getExportJob } from "./get_export_job.ts";
export { downloadExport, type ExportArtifact } from "./download_export.ts";
export { getWalletBalance } from "./get_wallet_balance.ts";
export type * from "./types.ts";

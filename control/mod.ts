/**
 * The control-plane lane of `@keeptrusts/client`: trusted server helpers over the Keeptrusts
 * control-plane API. Decision events and spend, the tamper-evident trail (records, signed digests,
 * public keys), verification that does not trust the server, evidence bundles as zips that
 * auditors check with `sha256sum` and `openssl`, and automation (service accounts, token rotation).
 * Server and job code only: the client refuses to start in a browser.
 *
 * @example Spend and verification
 * ```ts
 * import { createControlPlaneClient, getEventCostAttribution, iterateEvents, verifyTrail } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * let spend = 0;
 * for await (const event of iterateEvents(client, { agentId: "agent-finance-assistant" })) {
 *   spend += getEventCostAttribution(event).total_cost_usd;
 * }
 * const report = await verifyTrail(client, { deepVerify: true });
 * console.log(spend, report.chain_integrity);
 * ```
 *
 * @module
 */
export {
  ControlPlaneClient,
  type ControlPlaneClientOptions,
  createControlPlaneClient,
  DEFAULT_API_URL,
} from "./client.ts";
export { type CallOptions, requestIdOf } from "./_internal.ts";
export {
  KeeptrustsApiError,
  type KeeptrustsApiErrorOptions,
  KeeptrustsAuthenticationError,
  KeeptrustsConfigurationError,
  KeeptrustsConnectionError,
  KeeptrustsError,
  KeeptrustsNotFoundError,
  KeeptrustsPermissionError,
  KeeptrustsRateLimitError,
  KeeptrustsTimeoutError,
  KeeptrustsValidationError,
  type ResponseIssue,
} from "./errors.ts";
export { whoami } from "./identity.ts";
export {
  type EventSpend,
  getEvent,
  getEventCostAttribution,
  iterateEvents,
  listEvents,
  type ListEventsOptions,
} from "./events.ts";
export {
  type BootstrappedServiceAccount,
  bootstrapServiceAccount,
  type BootstrapServiceAccountOptions,
} from "./service_accounts.ts";
export {
  type CreatedToken,
  createToken,
  type CreateTokenOptions,
  listTokens,
  type ListTokensOptions,
  revokeToken,
} from "./tokens.ts";
export {
  buildTokenRotationPlan,
  type TokenRotationEntry,
  type TokenRotationPlan,
  type TokenRotationStep,
} from "./rotation.ts";
export { Secret } from "./secret.ts";
export {
  createExportJob,
  type CreateExportJobOptions,
  downloadExport,
  type ExportArtifact,
  getExportJob,
  getWalletBalance,
} from "./exports.ts";
export {
  downloadDigest,
  getPublicKey,
  type GetPublicKeyOptions,
  iterateTrailRecords,
  listDigests,
  type ListDigestsOptions,
  listPublicKeys,
  listTrailRecords,
  type ListTrailRecordsOptions,
} from "./trail.ts";
export {
  GENESIS_HASH,
  type TrailEvidence,
  type TrailFailure,
  type TrailVerification,
  verifyTrailEvidence,
} from "./verify.ts";
export {
  assertTrailVerified,
  type TrailReport,
  TrailVerificationError,
  verifyTrail,
  type VerifyTrailOptions,
} from "./verify_trail.ts";
export {
  buildEvidenceBundle,
  type BuildEvidenceBundleOptions,
  type EvidenceBundle,
} from "./bundle.ts";
export { BUNDLE_FILES, exportBundleZip } from "./bundle_zip.ts";
export { type BundleReadLimits, EvidenceBundleError, readEvidenceBundle } from "./bundle_read.ts";
export { extractEvidenceBundle } from "./bundle_extract.ts";
export {
  assertEvidenceBundle,
  type BundleVerification,
  verifyEvidenceBundle,
} from "./bundle_verify.ts";
export type * from "./types.ts";

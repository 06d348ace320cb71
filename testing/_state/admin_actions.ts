/**
 * Administrative actions of the stand-in's control plane (tokens and service accounts), each
 * recorded in the trail as an administrative record: the platform's trail is also its audit log.
 *
 * @module
 */
import type { Clock } from "./clock.ts";
import { canonicalHash } from "./crypto.ts";
import type { Json, TokenInfo } from "./records.ts";
import type { NewToken, TokenBook } from "./token_book.ts";
import type { Trail } from "./trail.ts";

/** What the actions change. */
export interface AdminParts {
  tokens: TokenBook;
  trail: Trail;
  clock: Clock;
  serviceAccounts: Map<string, Json>;
  nextId: (prefix: string) => string;
  nextSecret: () => string;
}

/** Token and service-account changes, recorded in the trail. */
export class AdminActions {
  readonly #parts: AdminParts;

  constructor(parts: AdminParts) {
    this.#parts = parts;
  }

  /** Creates an API token (an administrative trail record); returns it and its one-time secret. */
  createToken(token: NewToken): { token: TokenInfo; secret: string } {
    const secret = this.#parts.nextSecret();
    const info = this.#parts.tokens.add(secret, token);
    this.#administrative("token_created", token.user, {
      target_type: "token",
      target_id: info.token_id,
      target_name: info.name,
      scopes: info.scopes,
    });
    return { token: info, secret };
  }

  /** Revokes a token (idempotent; recorded once); undefined when there is no such token. */
  revokeToken(tokenId: string, actor: string): TokenInfo | undefined {
    const already = this.#parts.tokens.list().find((t) => t.token_id === tokenId)?.revoked_at;
    const info = this.#parts.tokens.revoke(tokenId);
    if (info && !already) {
      this.#administrative("token_revoked", actor, {
        target_type: "token",
        target_id: info.token_id,
        target_name: info.name,
        scopes: info.scopes,
      });
    }
    return info;
  }

  /**
   * Appends an administrative record: `request_id` and `event_id` null; `payload_hash` over the
   * canonical action `{ action, actor, created_at, scopes, target_id, target_name, target_type }`.
   */
  #administrative(action: string, actor: string, target: Json): void {
    const created = this.#parts.clock.timestamp();
    this.#parts.trail.append({
      created_at: created,
      kind: action,
      request_id: null,
      event_id: null,
      payload_hash: canonicalHash({ action, actor, created_at: created, ...target }),
    });
  }

  /**
   * Creates a service account and its token (two administrative records); undefined when the name
   * is taken.
   */
  createServiceAccount(name: string, scopes: readonly string[], actor: string): Json | undefined {
    if ([...this.#parts.serviceAccounts.values()].some((sa) => sa.name === name)) return undefined;
    const account = {
      service_account_id: this.#parts.nextId("sa"),
      name,
      scopes: [...scopes],
      purpose: "integration",
      created_at: this.#parts.clock.timestamp(),
    };
    this.#parts.serviceAccounts.set(account.service_account_id, account);
    this.#administrative("service_account_created", actor, {
      target_type: "service_account",
      target_id: account.service_account_id,
      target_name: name,
      scopes: account.scopes,
    });
    const { secret } = this.createToken({
      name: `sa:${name}`,
      scopes,
      purpose: "integration",
      user: `sa:${name}`,
    });
    return { service_account: account, token: secret };
  }
}

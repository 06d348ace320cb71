/**
 * The stand-in's API tokens: secrets, scopes, expiry and revocation.
 *
 * @module
 */
import type { Clock } from "./clock.ts";
import { formatMicros, parseMicros } from "./clock.ts";
import type { TokenInfo } from "./records.ts";

/** Every scope the stand-in knows. */
export const ALL_SCOPES: readonly string[] = [
  "events:read",
  "trail:read",
  "tokens:read",
  "tokens:write",
  "service_accounts:write",
  "exports:read",
  "exports:write",
  "wallets:read",
  "gateway:invoke",
];

/** Scopes of the stand-in's read-only token. */
export const READ_SCOPES: readonly string[] = [
  "events:read",
  "trail:read",
  "exports:read",
  "wallets:read",
  "tokens:read",
];

/** A token as the stand-in holds it. */
export interface TokenEntry {
  readonly secret: string;
  readonly info: TokenInfo;
  /** Who acts with it (`whoami`'s `user`). */
  readonly user: string;
}

/** What a new token is. */
export interface NewToken {
  name: string;
  scopes: readonly string[];
  purpose: string | null;
  user: string;
  expiresInDays?: number | null;
  tokenType?: string;
}

/** The tokens of one stand-in. */
export class TokenBook {
  readonly #clock: Clock;
  readonly #bySecret = new Map<string, TokenEntry>();
  readonly #newId: (prefix: string) => string;

  constructor(clock: Clock, newId: (prefix: string) => string) {
    this.#clock = clock;
    this.#newId = newId;
  }

  /** Number of tokens (revoked ones included). */
  get size(): number {
    return this.#bySecret.size;
  }

  /** Adds a token with a given secret; returns its metadata. */
  add(secret: string, token: NewToken): TokenInfo {
    const created = this.#clock.timestamp();
    const days = token.expiresInDays ?? null;
    const info: TokenInfo = {
      token_id: this.#newId("tok"),
      name: token.name,
      token_type: token.tokenType ?? "access",
      purpose: token.purpose ?? "general",
      scopes: [...token.scopes],
      created_at: created,
      expires_at: days === null ? null : formatMicros(parseMicros(created) + days * 86_400_000_000),
      revoked_at: null,
      last_used_at: null,
    };
    this.#bySecret.set(secret, { secret, info, user: token.user });
    return info;
  }

  /** Looks a bearer token up; undefined when unknown, revoked or expired. */
  authenticate(secret: string): TokenEntry | undefined {
    const entry = this.#bySecret.get(secret);
    if (!entry || entry.info.revoked_at) return undefined;
    const expires = entry.info.expires_at;
    if (expires && parseMicros(expires) <= this.#clock.nowMs() * 1000) return undefined;
    return entry;
  }

  /** Every token's metadata, oldest first. */
  list(): TokenInfo[] {
    return [...this.#bySecret.values()].map((t) => t.info);
  }

  /** Revokes a token by id (idempotent); undefined when there is no such token. */
  revoke(tokenId: string): TokenInfo | undefined {
    const entry = [...this.#bySecret.values()].find((t) => t.info.token_id === tokenId);
    if (!entry) return undefined;
    entry.info.revoked_at ??= this.#clock.timestamp();
    return entry.info;
  }
}

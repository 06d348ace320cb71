/**
 * HTTP plumbing shared by the demo server's routes: the platform's error envelope, cursors, query
 * parsing, scope checks.
 *
 * @module
 */
import type { Context } from "hono";
import { createPublicKey, verify as verifySignature } from "node:crypto";
import { canonicalBytes } from "./crypto.ts";
import { type Digest, type Json, parseMicros, type PublicKeyJwk } from "./store.ts";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type Env = { Variables: { requestId: string; scopes: Set<string>; user: string } };

export const GATEWAY_PATHS = new Set([
  "/v1/chat/completions",
  "/v1/responses",
  "/v1/embeddings",
  "/v1/models",
]);

export function b64urlEncode(text: string): string {
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function b64urlDecode(text: string): string {
  return atob(text.replaceAll("-", "+").replaceAll("_", "/"));
}

export function encodeCursor(kind: string, index: number): string {
  return b64urlEncode(`${kind}:${index}`);
}

export function decodeCursor(kind: string, cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  let text: string;
  try {
    text = b64urlDecode(cursor);
  } catch {
    throw new HttpError(
      400,
      "invalid_request",
      "bad_cursor",
      "cursor is not valid for this listing",
    );
  }
  const m = /^([a-z]+):(\d+)$/.exec(text);
  if (!m || m[1] !== kind) {
    throw new HttpError(
      400,
      "invalid_request",
      "bad_cursor",
      "cursor is not valid for this listing",
    );
  }
  return Number(m[2]);
}

export function limitOf(c: Context): number {
  const raw = c.req.query("limit");
  if (raw === undefined) return 50;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 1000) {
    throw new HttpError(
      422,
      "validation_error",
      "invalid_parameter",
      "limit must be an integer between 1 and 1000",
    );
  }
  return n;
}

export function timeOf(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  const us = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(raw)
    ? parseMicros(raw)
    : NaN;
  if (Number.isNaN(us)) {
    throw new HttpError(
      422,
      "validation_error",
      "invalid_parameter",
      `${name} must be an RFC 3339 date-time`,
    );
  }
  return us;
}

export function seqOf(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new HttpError(
      422,
      "validation_error",
      "invalid_parameter",
      `${name} must be a positive integer`,
    );
  }
  return Number(raw);
}

export function requireScope(c: Context<Env>, scope: string): void {
  if (!c.get("scopes").has(scope)) {
    throw new HttpError(
      403,
      "permission_error",
      "missing_scope",
      `this route requires the ${scope} scope`,
    );
  }
}

export async function jsonBody(c: Context): Promise<Json> {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(
      400,
      "invalid_request",
      "invalid_json",
      "the request body is not valid JSON",
    );
  }
}

export function verifyDigest(digest: Digest, key: PublicKeyJwk | undefined): boolean {
  if (!key) return false;
  const t = parseMicros(digest.created_at);
  if (
    t < parseMicros(key.not_before) || (key.not_after !== null && t >= parseMicros(key.not_after))
  ) return false;
  const { signature, ...body } = digest;
  try {
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: key.x },
      format: "jwk",
    });
    return verifySignature(
      null,
      canonicalBytes(body),
      publicKey,
      Buffer.from(signature, "base64url"),
    );
  } catch {
    return false;
  }
}

/** Text of an OpenAI message `content` (a string or an array of parts). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((
      p,
    ) => (p && typeof p === "object" && typeof p.text === "string" ? p.text : "")).join("");
  }
  return "";
}

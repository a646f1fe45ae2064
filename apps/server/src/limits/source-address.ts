// Which address a request comes from, for the token-attempt limits. The peer's address, unless
// the peer is a trusted proxy: then `X-Forwarded-For` is read from the right, skipping trusted
// hops, and the first address no trusted proxy stands for is the source. With no trusted proxy
// configured (the default) the header is ignored, since any client can write it.

import { BlockList, isIP } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/** The address given to requests without a socket (the in-process `app.request`). */
const UNKNOWN_ADDRESS = 'unknown';

const CIDR_RULE = 'trustedProxies entries must be IP addresses or CIDR ranges';

function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped === null ? address : (mapped[1] as string);
}

/**
 * Builds the set of trusted proxies.
 *
 * @param entries Addresses (`10.0.0.5`, `::1`) or CIDR ranges (`10.0.0.0/8`).
 * @returns The set, or `undefined` when empty (no proxy trusted).
 * @throws {Error} An entry is neither an address nor a range.
 */
export function trustedProxySet(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(CIDR_RULE);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(CIDR_RULE);
    list.addSubnet(address, prefix, type);
  }
  return list;
}

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The source address of a request.
 *
 * @param context The request's context (node-server bindings give the socket).
 * @param trusted The trusted proxies, if any.
 * @returns An IP address, or `unknown` without a socket.
 */
export function sourceAddress(context: Context, trusted: BlockList | undefined): string {
  const bindings = context.env as Partial<HttpBindings> | undefined;
  const peerText = bindings?.incoming?.socket?.remoteAddress;
  if (peerText === undefined) return UNKNOWN_ADDRESS;
  const peer = plain(peerText);
  if (trusted === undefined || !isTrusted(trusted, peer)) return peer;
  const hops = (context.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => plain(hop.trim()))
    .filter((hop) => hop !== '');
  let source = peer;
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index] as string;
    // A malformed hop ends the chain: what lies left of it cannot be trusted either.
    if (isIP(hop) === 0) return source;
    source = hop;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return source;
}

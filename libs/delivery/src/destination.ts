import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Whether a webhook may be sent to this address: a public unicast address only, never the
 * machine itself, its private networks, link-local addresses (a cloud's metadata service
 * at 169.254.169.254), carrier-grade NAT, multicast or reserved ranges. An IPv4 address
 * written as IPv6 (::ffff:127.0.0.1) is judged as IPv4. Classification by ipaddr.js.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

export type Resolve = (host: string) => Promise<{ address: string }[]>;
const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The first address a webhook URL would reach that is not public, or null when every
 * address its host resolves to is public. A host that does not resolve throws (the
 * resolver's error): the caller decides whether that is a refusal or a retry.
 */
export async function nonPublicAddress(url: string, resolve: Resolve = systemResolve): Promise<string | null> {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = ipaddr.isValid(host) ? [host] : (await resolve(host)).map((a) => a.address);
  return addresses.find((a) => !isPublicAddress(a)) ?? null;
}

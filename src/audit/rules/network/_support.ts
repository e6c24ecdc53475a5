// IPv4 arithmetic the network rules need to reason about ipBlock peers.

/** The 32-bit value of a dotted IPv4 address, or undefined if it is not one. */
export function ipv4(address: string): number | undefined {
  const octets = address.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return undefined;
    value = value * 256 + Number(octet);
  }
  return value;
}

/** Whether an IPv4 CIDR (or a bare address) contains an address; false for IPv6 or malformed blocks. */
export function cidrContains(cidr: string, address: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const network = ipv4(base);
  const target = ipv4(address);
  const size = /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
  if (network === undefined || target === undefined || !(size >= 0 && size <= 32)) return false;
  if (size === 0) return true;
  const hostBits = 2 ** (32 - size);
  return Math.floor(network / hostBits) === Math.floor(target / hostBits);
}

// Kubernetes resource quantities, only as far as the profile needs them: to validate what the
// user typed and to check that a request is not above its limit.

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/;

/** The quantity in cores (cpu) or bytes (memory); undefined when it is not a valid, positive quantity. */
export function parseQuantity(text: string, kind: 'cpu' | 'memory'): number | undefined {
  const match = (kind === 'cpu' ? CPU : MEMORY).exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const value = kind === 'cpu' ? (match[2] === 'm' ? amount / 1000 : amount) : amount * SUFFIX[match[2] ?? '']!;
  return value > 0 && Number.isFinite(value) ? value : undefined;
}

// Links service (SPEC section 5): download links with expiry, use count and QR code.
import { call } from './call';
import type { Link, LinkCreated, LinkCreateRequest } from './types';

const S = 'Links';

export const createLink = (req: LinkCreateRequest) => call<LinkCreated>(S, 'Create', req);
export const listLinks = (certId: string) => call<{ items: Link[] }>(S, 'List', { certId });
export const revokeLink = (id: string) => call<object>(S, 'Revoke', { id });

/** qrDataUrl turns Links.Create's qrPng into an <img src>. */
export const qrDataUrl = (qrPng: string) => `data:image/png;base64,${qrPng}`;

/**
 * createLinks makes one link per request, a few at a time, reporting each
 * finished one. Failures are returned per item instead of stopping the rest.
 */
export async function createLinks(
  reqs: LinkCreateRequest[],
  onDone?: (done: number, total: number) => void,
  concurrency = 4,
): Promise<({ ok: true; link: LinkCreated } | { ok: false; error: unknown })[]> {
  const out: ({ ok: true; link: LinkCreated } | { ok: false; error: unknown })[] = new Array(reqs.length);
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < reqs.length) {
      const i = next++;
      try {
        out[i] = { ok: true, link: await createLink(reqs[i]) };
      } catch (error) {
        out[i] = { ok: false, error };
      }
      done++;
      onDone?.(done, reqs.length);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, reqs.length)) }, worker));
  return out;
}

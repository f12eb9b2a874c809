// Following a long call (bulk issuance) while it runs: poll its progress
// every ~300 ms until the call settles. The UI stays responsive because the
// call and the polls are plain promises; nothing blocks.

import type { JobProgress } from './api/types';

/** progressRatio is done/total in 0..1 (0 while unknown). */
export function progressRatio(p: JobProgress | null | undefined): number {
  if (!p || !p.known || p.total <= 0) return 0;
  return Math.min(1, Math.max(0, p.done / p.total));
}

/**
 * runWithProgress starts run() and, until it settles, calls poll() every
 * intervalMs and hands each answer to onProgress. A failing poll is ignored
 * (the next one may work); answers that arrive after run() settled are
 * dropped. Resolves or rejects as run() does.
 */
export async function runWithProgress<T>(
  run: () => Promise<T>,
  poll: () => Promise<JobProgress>,
  onProgress: (p: JobProgress) => void,
  intervalMs = 300,
): Promise<T> {
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (settled) return;
    try {
      const p = await poll();
      if (!settled) onProgress(p);
    } catch {
      // keep polling
    }
    if (!settled) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);
  try {
    return await run();
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}

// The coverage of certificate validity (Certs.Coverage): the timeline, its
// warnings and the fail-open state, shared by Home and the Certificates screen.
import { coverage as fetchCoverage } from '../api/certs';
import { AppError } from '../api/call';
import type { CertKind, Coverage } from '../api/types';
import { errorMessage } from './toasts.svelte';

export const coverageState = $state({
  data: null as Coverage | null,
  kind: '' as CertKind | '',
  loading: false,
  /** why the last load failed ("" when it worked) */
  error: '',
});

let seq = 0;

/** loadCoverage fetches the coverage for kind ("" = every certificate). */
export async function loadCoverage(kind: CertKind | '' = coverageState.kind): Promise<void> {
  const mine = ++seq;
  coverageState.kind = kind;
  coverageState.loading = true;
  try {
    const data = await fetchCoverage(kind);
    if (mine !== seq) return;
    coverageState.data = data;
    coverageState.error = '';
  } catch (e) {
    if (mine !== seq) return;
    if (e instanceof AppError && e.code === 'unauthorized') return;
    coverageState.error = errorMessage(e);
  } finally {
    if (mine === seq) coverageState.loading = false;
  }
}

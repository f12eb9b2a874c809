// A promise-based confirmation dialog: `if (await confirm({...})) …`.
// ConfirmHost (mounted once in App) renders the pending request.

/** A line of the optional list under the question (e.g. addresses a change would cut off). */
export interface ConfirmItem {
  text: string;
  /** a short label beside it (e.g. "このコンピューター") */
  note?: string;
  /** data-kind of the row, for tests and styling */
  kind?: string;
}

export interface ConfirmRequest {
  title: string;
  body: string;
  ok: string;
  cancel?: string;
  danger?: boolean;
  items?: ConfirmItem[];
  /** text after the list */
  footnote?: string;
}

interface Pending extends ConfirmRequest {
  resolve: (ok: boolean) => void;
}

export const confirmState = $state({ pending: null as Pending | null });

export function confirm(req: ConfirmRequest): Promise<boolean> {
  // A second request replaces the first, which counts as cancelled.
  confirmState.pending?.resolve(false);
  return new Promise((resolve) => {
    confirmState.pending = { ...req, resolve };
  });
}

export function answer(ok: boolean): void {
  const p = confirmState.pending;
  confirmState.pending = null;
  p?.resolve(ok);
}

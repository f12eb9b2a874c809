// A promise-based confirmation dialog: `if (await confirm({...})) …`.
// ConfirmHost (mounted once in App) renders the pending request.

export interface ConfirmRequest {
  title: string;
  body: string;
  ok: string;
  cancel?: string;
  danger?: boolean;
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

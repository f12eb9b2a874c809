// Toast notifications. The global error handler and every screen push here.
import { AppError } from '../api/call';
import { t } from '../i18n/index.svelte';

export type ToastKind = 'success' | 'error' | 'info';

/** A button in a toast (e.g. 確認する); running it dismisses the toast. */
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  action?: ToastAction;
  /** what the toast is about (data-topic), e.g. "device-requested" */
  topic?: string;
}

export const toasts = $state<Toast[]>([]);
let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export function dismiss(id: number): void {
  const i = toasts.findIndex((x) => x.id === id);
  if (i >= 0) toasts.splice(i, 1);
  const timer = timers.get(id);
  if (timer) clearTimeout(timer);
  timers.delete(id);
}

export function toast(
  message: string,
  kind: ToastKind = 'success',
  timeoutMs?: number,
  extra: { action?: ToastAction; topic?: string } = {},
): number {
  const id = nextId++;
  toasts.push({ id, kind, message, ...extra });
  while (toasts.length > 5) dismiss(toasts[0].id);
  const ms = timeoutMs ?? (kind === 'error' ? 8000 : 4000);
  if (ms > 0) timers.set(id, setTimeout(() => dismiss(id), ms));
  return id;
}

/** errorMessage gives the text to show for any failure. */
export function errorMessage(e: unknown): string {
  if (e instanceof AppError) {
    if (e.code === 'network') return t('error.network');
    if (e.code === 'unsupported' && !e.message) return t('error.unsupported');
    return e.message || t('error.unexpected');
  }
  if (e instanceof Error && e.message) return t('error.unexpectedWith', { message: e.message });
  return t('error.unexpected');
}

/** toastError shows a failure as an error toast (and logs it for developers). */
export function toastError(e: unknown): void {
  // 401 is handled by the token prompt; no toast for it.
  if (e instanceof AppError && e.code === 'unauthorized') return;
  console.error(e);
  toast(errorMessage(e), 'error');
}

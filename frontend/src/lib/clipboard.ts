// Copy text to the clipboard. In the Wails window the runtime's
// ClipboardSetText (window.runtime, see wailsjs/runtime) is the reliable way;
// in a browser, navigator.clipboard when the page may use it (secure context,
// or localhost), else the older execCommand route. Resolves false when
// nothing works, so the caller can tell the person to copy by hand.

import './external';

export async function copyText(text: string): Promise<boolean> {
  try {
    const rt = typeof window !== 'undefined' ? window.runtime : undefined;
    if (rt && typeof rt.ClipboardSetText === 'function') {
      if (await rt.ClipboardSetText(text)) return true;
    }
  } catch {
    // fall through to the browser routes
  }
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy route
  }
  try {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = typeof document.execCommand === 'function' && document.execCommand('copy');
    ta.remove();
    return !!ok;
  } catch {
    return false;
  }
}

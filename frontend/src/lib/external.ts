// Opening a URL outside the app (mailto: links). In the Wails window the
// runtime's BrowserOpenURL hands it to the OS (the default mail client);
// in a browser, following the link does the same.

declare global {
  interface Window {
    runtime?: {
      ClipboardSetText?: (text: string) => Promise<boolean>;
      BrowserOpenURL?: (url: string) => void;
      /** what EventsOn of the Wails runtime calls (lib/api/events.ts) */
      EventsOnMultiple?: (name: string, callback: (...data: unknown[]) => void, max: number) => () => void;
    };
  }
}

export function openExternal(url: string): void {
  const rt = typeof window !== 'undefined' ? window.runtime : undefined;
  if (rt && typeof rt.BrowserOpenURL === 'function') {
    rt.BrowserOpenURL(url);
    return;
  }
  window.location.href = url;
}

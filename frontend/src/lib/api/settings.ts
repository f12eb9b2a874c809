// Settings service.
import { call } from './call';
import type { Settings, SettingsUpdate } from './types';

export const getSettings = () => call<Settings>('Settings', 'Get', {});
export const updateSettings = (req: SettingsUpdate) => call<Settings>('Settings', 'Update', req);
/** openLogFolder shows the engine's log folder in the file manager (the window only). */
export const openLogFolder = () => call<Record<string, never>>('System', 'OpenLogFolder', {});

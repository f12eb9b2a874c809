// Words for the admin history: the backend stores stable codes (actions,
// target types, actors, a few detail codes); these turn them into the
// language of the UI. Anything unknown shows as stored.
import { has, i18n, t } from './i18n/index.svelte';
import { formatDateTime } from './format';

/** Target types the backend writes (the history filter offers them all). */
export const HISTORY_TARGET_TYPES = ['user', 'cert', 'link', 'rule', 'device', 'route', 'settings', 'ca', 'mail'] as const;

/** What a history row holds. */
export interface HistoryRow {
  actor: string;
  action: string;
  targetType: string;
  target: string;
  detail: string;
}

/** actionLabel: "user.require_cert.on" → its own label, else its parent's, else the code. */
export function actionLabel(action: string): string {
  for (let a = action; a.includes('.'); a = a.slice(0, a.lastIndexOf('.'))) {
    if (has('history.action.' + a)) return t('history.action.' + a);
  }
  return action;
}

/** actorLabel: "self:CODE" is an employee acting for themselves (self-service); desktop/api/system are the admin's window, the admin API and the engine. */
export function actorLabel(actor: string): string {
  if (actor.startsWith('self:')) return t('history.actor.self', { code: actor.slice(5) });
  return has('history.actor.' + actor) ? t('history.actor.' + actor) : actor;
}

export function targetTypeLabel(type: string): string {
  const key = 'history.targetType.' + type;
  return type && has(key) ? t(key) : type;
}

/** settingLabel names a setting key by its label on the Settings screen. */
function settingLabel(key: string): string {
  const k = key.replace(/Sealed$/, '');
  if (has('settings.' + k)) return t('settings.' + k);
  const smtp = /^smtp([A-Z])(.*)$/.exec(k);
  if (smtp && has(`smtp.${smtp[1].toLowerCase()}${smtp[2]}`)) {
    return `${t('smtp.title')} ${t(`smtp.${smtp[1].toLowerCase()}${smtp[2]}`)}`;
  }
  return key;
}

/** targetLabel: what changed, in words (settings by their labels). */
export function targetLabel(h: HistoryRow): string {
  if (h.targetType === 'settings' && h.target) {
    return h.target.split(', ').map(settingLabel).join('、');
  }
  if (h.action === 'backup.restore' && /^\d{4}-\d\d-\d\dT/.test(h.target)) {
    // the backup's time
    return formatDateTime(h.target, i18n.lang);
  }
  return h.target;
}

const onOff = (v: string): string =>
  v === 'on' || v === 'true' ? t('history.detail.on') : v === 'off' || v === 'false' ? t('history.detail.off') : v;

/** settingValue words a stored JSON value. */
function settingValue(json: string): string {
  if (json === '(sealed)') return t('history.detail.sealed');
  try {
    const v: unknown = JSON.parse(json);
    if (typeof v === 'boolean') return onOff(String(v));
    if (v === '') return t('history.detail.empty');
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  } catch {
    // not JSON: as stored
  }
  return json;
}

/** detailLabel: the detail in words where the backend wrote a known code or shape. */
export function detailLabel(h: HistoryRow): string {
  const d = h.detail;
  if (!d) return '';
  const [type] = h.action.split('.');
  if (h.action === 'cert.revoke' && has('history.detail.reason.' + d)) return t('history.detail.reason.' + d);
  if (/^\d+$/.test(d) && (type === 'user' || h.action === 'cert.issue')) return t('history.detail.count', { n: d });
  if (h.action === 'user.import') {
    const m = /^created=(\d+) updated=(\d+)$/.exec(d);
    if (m) return t('history.detail.import', { created: m[1], updated: m[2] });
  }
  if (type === 'rule') {
    const m = /^(.*) enabled=(on|off)$/.exec(d);
    if (m) return t('history.detail.rule', { address: m[1], state: t(m[2] === 'on' ? 'history.detail.enabled' : 'history.detail.disabled') });
  }
  if (h.action === 'cert.update') {
    return d
      .split('; ')
      .map((part) => {
        const [k, ...rest] = part.split('=');
        const v = rest.join('=');
        if (k === 'enabled') return t('history.detail.certEnabled', { value: onOff(v) });
        if (k === 'window') {
          const [from, to] = v.split('..');
          return t('history.detail.window', { from: formatDateTime(from, i18n.lang), to: formatDateTime(to, i18n.lang) });
        }
        return part;
      })
      .join('、');
  }
  if (h.action === 'settings.update') {
    return d
      .split('; ')
      .map((part) => {
        const i = part.indexOf('=');
        if (i < 0) return part;
        return t('history.detail.change', { name: settingLabel(part.slice(0, i)), value: settingValue(part.slice(i + 1)) });
      })
      .join('、');
  }
  if (h.action === 'user.update') {
    return d
      .split('; ')
      .map((part) => {
        const m = /^(code|name|email|phone|group): (.*)$/.exec(part);
        return m ? `${t('users.field.' + m[1])}: ${m[2]}` : part;
      })
      .join('、');
  }
  if (type === 'message') {
    // "certificate a@example.com" / "login a@example.com: reason"
    const m = /^(certificate|login)\b(.*)$/.exec(d);
    if (m) {
      const rest = m[2]
        .replace(/ ?: no user$/, ': ' + t('history.detail.noUser'))
        .replace(/ ?: no address$/, ': ' + t('history.detail.noAddress'));
      return t('template.kind.' + m[1]) + rest;
    }
  }
  return d;
}

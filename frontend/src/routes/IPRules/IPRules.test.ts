// Component test: IP接続制限 against the in-memory backend.
import { describe, expect, it } from 'vitest';
import IPRules from './IPRules.svelte';
import { createFakeBackend, type FakeBackend } from '../../test/fakeBackend';
import { click, settle, toastTexts, type, type Screen } from '../../test/dom';
import { openScreen, useScreenTests } from '../../test/screens';
import { setLanguage } from '../../lib/i18n/index.svelte';

let backend: FakeBackend;
let s: Screen;

async function open(b = createFakeBackend()) {
  s = await openScreen(IPRules, (backend = b));
}

useScreenTests();

const calls = (m: string) => backend.calls.filter((c) => c.method === m);

async function fillAndSave(name: string, address: string) {
  type(s.$('iprule-name'), name);
  type(s.$('iprule-address'), address);
  click(s.$('iprule-save'));
  await settle();
}

describe('IP接続制限', () => {
  it('explains the semantics and shows the addresses the server sees', async () => {
    await open();
    expect(s.$('iprules-status')!.dataset.enforcing).toBe('false');
    expect(s.$('iprules-status')!.textContent).toContain('すべてのアドレスから接続できます');
    expect(s.$('iprules-empty')!.textContent).toContain('登録されていません');
    expect(s.$$('iprules-self-address').map((e) => e.dataset.address)).toEqual(['192.168.1.20']);
    expect(s.$$('iprules-client-address').map((e) => e.dataset.address)).toEqual(['192.168.1.31']);
    expect(s.$('iprules-lan-note')!.textContent).toContain('プライベートアドレス');
    expect(s.$('iprules-help')!.textContent).toContain('有効な接続制限が1件もなければ、すべてのアドレスから接続できます');
  });

  it('shows the server’s message at the address field for each kind of mistake', async () => {
    await open();
    click(s.$('iprules-new'));
    expect(s.$<HTMLInputElement>('iprule-enabled')!.checked).toBe(true);
    for (const [addr, msg] of [
      ['192.0.2.0/33', 'プレフィックス長'],
      ['999.1.1.1', 'IPアドレスではありません'],
      ['192.0.2.1/24', '192.0.2.0/24 のことですか'],
    ]) {
      await fillAndSave('本社LAN', addr);
      expect(s.$('field-error-iprule-address')!.textContent, addr).toContain(msg);
      expect(s.$('iprule-dialog')).toBeTruthy();
    }
    expect(backend.ipRules).toEqual([]);
  });

  it('asks before a rule cuts this machine and a connected client off, then saves with confirm', async () => {
    await open();
    click(s.$('iprules-new'));
    await fillAndSave('大阪', '10.20.0.0/16');
    expect(s.$('confirm-dialog')).toBeTruthy();
    const items = s.$$('confirm-list-item');
    expect(items.map((i) => [i.dataset.kind, i.textContent!.trim().replace(/\s+/g, ' ')])).toEqual([
      ['self', '192.168.1.20 このコンピューター'],
      ['client', '192.168.1.31 接続中のクライアント'],
    ]);
    click(s.$('confirm-cancel'));
    await settle();
    expect(backend.ipRules).toEqual([]);
    expect(calls('IPRules.Create')).toHaveLength(0);
    expect(s.$('iprule-dialog')).toBeTruthy();

    click(s.$('iprule-save'));
    await settle();
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('IPRules.Create').at(-1)!.req).toMatchObject({ name: '大阪', address: '10.20.0.0/16', enabled: true, confirm: true });
    expect(s.$('iprule-dialog')).toBeNull();
    expect(s.$$('iprule-row')).toHaveLength(1);
    expect(s.$('iprules-status')!.dataset.enforcing).toBe('true');
  });

  it('saves a rule that keeps everyone in without asking', async () => {
    await open();
    click(s.$('iprules-new'));
    type(s.$('iprule-description'), '東京オフィス');
    await fillAndSave('本社LAN', '192.168.1.0/24');
    expect(s.$('confirm-dialog')).toBeNull();
    expect(calls('IPRules.Create')[0].req).toEqual({ name: '本社LAN', description: '東京オフィス', address: '192.168.1.0/24', enabled: true });
    const row = s.$$('iprule-row')[0];
    expect(row.dataset.enabled).toBe('true');
    expect(row.querySelector('[data-testid="iprule-row-address"]')!.textContent).toBe('192.168.1.0/24');
    expect(toastTexts().some((t) => t.text.includes('本社LAN を登録しました'))).toBe(true);
  });

  it('guards disabling from the list and deleting from the dialog', async () => {
    await open(
      createFakeBackend({
        ipRules: [
          { id: '1', name: 'LAN', description: '', address: '192.168.1.0/24', enabled: true },
          { id: '2', name: 'VPN', description: '', address: '10.8.0.0/24', enabled: true },
        ],
      }),
    );
    // Disabling LAN leaves only VPN: this machine and the client are cut off.
    const toggle = s.$$('iprule-row-toggle')[0];
    click(toggle);
    await settle();
    expect(s.$$('confirm-list-item')).toHaveLength(2);
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('IPRules.Update')[0].req).toEqual({ id: '1', enabled: false, confirm: true });
    expect(backend.ipRules[0].enabled).toBe(false);

    // Deleting VPN leaves no enabled rule: nobody is cut off, a plain question.
    click(s.$$('iprule-row')[1]);
    click(s.$('iprule-delete'));
    await settle();
    expect(s.$('confirm-body')!.textContent).toContain('VPN（10.8.0.0/24）を削除します');
    expect(s.$('confirm-list')).toBeNull();
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('IPRules.Delete')[0].req).toEqual({ id: '2' });
    expect(backend.ipRules.map((r) => r.name)).toEqual(['LAN']);
  });

  it('explains the exception for client certificates beside the rules, off by default, and turns it on and off', async () => {
    await open(
      createFakeBackend({ ipRules: [{ id: '1', name: 'LAN', description: '', address: '192.168.1.0/24', enabled: true }] }),
    );
    const card = s.$('iprules-cert-bypass')!;
    const toggle = s.$<HTMLInputElement>('iprules-cert-bypass-toggle')!;
    expect(card.dataset.enabled).toBe('false');
    expect(toggle.checked).toBe(false);
    expect(toggle.disabled).toBe(false);
    expect(s.$('iprules-cert-bypass-state')!.textContent).toBe('オフ');
    expect(card.textContent).toContain('有効なクライアント証明書があればIP接続制限の対象外にする');
    expect(card.textContent).toContain('オフ（既定）: IP接続制限はすべての接続に適用されます');
    expect(card.textContent).toContain('オン: 有効なクライアント証明書を提示した端末は、登録したアドレス以外（社外や自宅など）からも接続できます');
    expect(card.textContent).toContain('無効・期限切れ・失効したクライアント証明書や、証明書のない接続は、これまでどおりIP接続制限で拒否されます');
    expect(s.$('iprules-status-bypass')).toBeNull();
    expect(s.$('iprules-help')!.textContent).toContain('両方が満たされたときに接続できます');

    click(toggle);
    await settle();
    expect(calls('Settings.Update').map((c) => c.req)).toEqual([{ certBypassesIpRules: true }]);
    expect(backend.settings.certBypassesIpRules).toBe(true);
    expect(toggle.checked).toBe(true);
    expect(card.dataset.enabled).toBe('true');
    expect(s.$('iprules-cert-bypass-state')!.textContent).toBe('オン');
    expect(s.$('iprules-status-bypass')!.textContent).toContain('有効なクライアント証明書を提示した端末は、それ以外のアドレスからも接続できます');
    expect(s.$('iprules-help')!.textContent).toContain('IP接続制限を満たさなくても接続できます');
    expect(toastTexts().some((x) => x.text.includes('有効なクライアント証明書があればIP接続制限の対象外にします'))).toBe(true);

    click(toggle);
    await settle();
    expect(calls('Settings.Update').map((c) => c.req)).toEqual([{ certBypassesIpRules: true }, { certBypassesIpRules: false }]);
    expect(backend.settings.certBypassesIpRules).toBe(false);
    expect(toggle.checked).toBe(false);
    expect(s.$('iprules-status-bypass')).toBeNull();
    expect(calls('IPRules.Update')).toHaveLength(0);
  });

  it('shows the exception as the server has it, in English too', async () => {
    setLanguage('en');
    const b = createFakeBackend();
    b.settings.certBypassesIpRules = true;
    await open(b);
    expect(s.$<HTMLInputElement>('iprules-cert-bypass-toggle')!.checked).toBe(true);
    expect(s.$('iprules-cert-bypass-state')!.textContent).toBe('On');
    expect(s.$('iprules-cert-bypass')!.textContent).toContain('Exempt connections with a valid client certificate from the IP rules');
    expect(s.$('iprules-cert-bypass')!.textContent).toContain('Off (default): the IP rules apply to every connection.');
    // No rule is enabled: nothing to be exempt from, so no note on the status.
    expect(s.$('iprules-status-bypass')).toBeNull();
  });

  it('starts a rule from a seen address', async () => {
    await open();
    click(s.$('iprules-add-address'));
    expect(s.$<HTMLInputElement>('iprule-address')!.value).toBe('192.168.1.0/24');
  });
});

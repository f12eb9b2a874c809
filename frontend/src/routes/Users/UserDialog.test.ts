// Component test: the user dialog against the in-memory backend.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Component } from 'svelte';
import UserDialog from './UserDialog.svelte';
import { createFakeBackend, installFakeBackend, sampleUsers } from '../../test/fakeBackend';
import { click, render, settle, type, type Screen } from '../../test/dom';
import { setLanguage } from '../../lib/i18n/index.svelte';

let s: Screen;

beforeEach(() => {
  setLanguage('ja');
  installFakeBackend(createFakeBackend({ users: sampleUsers(3) }));
});

afterEach(() => {
  s?.destroy();
  delete window.go;
});

describe('UserDialog', () => {
  it('drops a server error on a field once that field is edited', async () => {
    s = render(UserDialog as unknown as Component, { user: null, groups: [], onclose: vi.fn(), onchanged: vi.fn(), onpassword: vi.fn() });
    type(s.$('user-code'), '001001'); // already used
    type(s.$('user-name'), '新しい 人');
    click(s.$('user-save'));
    await settle();
    expect(s.$('field-error-user-code')!.textContent).toContain('既に使われています');
    expect(s.$('user-code')!.getAttribute('aria-invalid')).toBe('true');

    // Editing another field keeps it; editing the code drops it.
    type(s.$('user-name'), '新しい 人２');
    expect(s.$('field-error-user-code')).toBeTruthy();
    type(s.$('user-code'), '001001x');
    expect(s.$('field-error-user-code')).toBeNull();
    expect(s.$('user-code')!.getAttribute('aria-invalid')).not.toBe('true');
  });
});

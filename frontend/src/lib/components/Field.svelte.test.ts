// The shared form row: its hint and error are the control's accessible
// description (aria-describedby), and an error marks the control invalid.
import { afterEach, describe, expect, it } from 'vitest';
import { createRawSnippet, flushSync } from 'svelte';
import Field from './Field.svelte';
import { setLanguage } from '../i18n/index.svelte';
import { cleanup, render as renderScreen } from '../../test/dom';

let target: HTMLElement;

afterEach(cleanup);

function render(control: string, initial: { hint?: string; error?: string; group?: boolean }) {
  setLanguage('ja');
  const props = $state({ id: 'f-code', label: 'コード', hint: initial.hint ?? '', error: initial.error ?? '' });
  const children = createRawSnippet(() => ({ render: () => control }));
  const field = {
    get id() {
      return props.id;
    },
    get label() {
      return props.label;
    },
    get hint() {
      return props.hint;
    },
    get error() {
      return props.error;
    },
    group: initial.group ?? false,
    children,
  };
  target = renderScreen(Field, field, { hosts: false }).target;
  flushSync();
  return props;
}

/** The texts the control's aria-describedby points at, in order. */
function description(el: Element): string[] {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent?.trim() ?? `(missing #${id})`);
}

describe('Field', () => {
  it('describes the control by its hint', () => {
    render('<input id="f-code" type="text">', { hint: '半角英数字' });
    const input = target.querySelector('input')!;
    expect(description(input)).toEqual(['半角英数字']);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(target.querySelector('label')!.htmlFor).toBe('f-code');
  });

  it('adds the error to the description, marks the control invalid, and takes both back', () => {
    const props = render('<input id="f-code" type="text">', { hint: '半角英数字' });
    const input = target.querySelector('input')!;
    props.error = 'このユーザーコードは既に使われています';
    flushSync();
    expect(description(input)).toEqual(['半角英数字', 'このユーザーコードは既に使われています']);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const error = target.querySelector('[data-testid="field-error-f-code"]')!;
    expect(error.getAttribute('role')).toBe('alert');

    props.error = '';
    flushSync();
    expect(description(input)).toEqual(['半角英数字']);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('works without a hint and keeps the control’s own description', () => {
    const own = document.createElement('p');
    own.id = 'own';
    own.textContent = '既定';
    document.body.appendChild(own);
    const props = render('<select id="f-code" aria-describedby="own"><option>a</option></select>', {});
    const select = target.querySelector('select')!;
    expect(description(select)).toEqual(['既定']);
    props.error = '選んでください';
    flushSync();
    expect(description(select)).toEqual(['既定', '選んでください']);
    expect(select.getAttribute('aria-invalid')).toBe('true');
    own.remove();
  });

  it('finds the control when its id is not the field’s', () => {
    render('<textarea></textarea>', { hint: '一行に一つ', error: '空です' });
    expect(description(target.querySelector('textarea')!)).toEqual(['一行に一つ', '空です']);
  });

  it('names a group of controls by its label', () => {
    render('<div id="f-code" role="group" aria-labelledby="f-code-label"><input type="checkbox"></div>', { error: '選んでください', group: true });
    expect(target.querySelector('label')).toBeNull();
    expect(document.getElementById('f-code-label')!.textContent).toContain('コード');
    const group = target.querySelector('[role="group"]')!;
    expect(description(group)).toEqual(['選んでください']);
  });
});

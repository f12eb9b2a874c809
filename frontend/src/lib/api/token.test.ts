import { afterEach, describe, expect, it } from 'vitest';
import { clearToken, getToken, setToken, takeTokenFromLocation } from './token';

function at(url: string) {
  history.replaceState(null, '', url);
}

afterEach(() => {
  clearToken();
  at('/');
});

describe('admin token', () => {
  it('is kept in sessionStorage', () => {
    setToken('abc');
    expect(sessionStorage.getItem('sekisho.adminToken')).toBe('abc');
    expect(getToken()).toBe('abc');
    clearToken();
    expect(getToken()).toBe('');
  });

  it('is taken from #token=… and removed from the address bar', () => {
    at('/#token=XYZ123');
    expect(takeTokenFromLocation()).toBe(true);
    expect(getToken()).toBe('XYZ123');
    expect(location.hash).toBe('');
    expect(location.href).not.toContain('XYZ123');
  });

  it('keeps the route that shares the hash', () => {
    at('/#/users?token=t1');
    expect(takeTokenFromLocation()).toBe(true);
    expect(getToken()).toBe('t1');
    expect(location.hash).toBe('#/users');

    at('/#token=t2&x=1');
    takeTokenFromLocation();
    expect(getToken()).toBe('t2');
    expect(location.hash).toBe('#x=1');
  });

  it('decodes an escaped token', () => {
    at('/#token=a%2Bb%3D');
    takeTokenFromLocation();
    expect(getToken()).toBe('a+b=');
  });

  it('leaves the URL alone when there is no token', () => {
    at('/#/settings');
    setToken('old');
    expect(takeTokenFromLocation()).toBe(false);
    expect(getToken()).toBe('old');
    expect(location.hash).toBe('#/settings');
  });
});

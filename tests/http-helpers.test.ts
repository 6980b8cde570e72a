import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getHeader } from '../src/http/headers.js';
import { readCookie } from '../src/http/read-cookie.js';

describe('getHeader', () => {
  it('reads Web Headers case-insensitively', () => {
    const headers = new Headers({ 'X-CSRF-Token': 'abc' });
    expect(getHeader(headers, 'x-csrf-token')).toBe('abc');
    expect(getHeader(headers, 'X-Csrf-Token')).toBe('abc');
    expect(getHeader(headers, 'origin')).toBeUndefined();
  });

  it('reads Node-style records, lowercased or not', () => {
    expect(getHeader({ origin: 'https://a.example' }, 'Origin')).toBe('https://a.example');
    expect(getHeader({ Origin: 'https://a.example' }, 'origin')).toBe('https://a.example');
    expect(getHeader({ 'X-Csrf-TOKEN': 't' }, 'x-csrf-token')).toBe('t');
  });

  it('gives the first value of an array', () => {
    expect(getHeader({ 'set-cookie': ['a=1', 'b=2'] }, 'set-cookie')).toBe('a=1');
    expect(getHeader({ 'x-a': [] }, 'x-a')).toBeUndefined();
  });

  it('treats undefined entries and inherited properties as absent', () => {
    expect(getHeader({ origin: undefined }, 'origin')).toBeUndefined();
    expect(getHeader({}, 'constructor')).toBeUndefined();
    expect(getHeader({}, '__proto__')).toBeUndefined();
  });
});

describe('readCookie', () => {
  it('finds a cookie among others', () => {
    expect(readCookie('a=1; __Host-tw-csrf=tok; b=2', '__Host-tw-csrf')).toBe('tok');
  });

  it('keeps the value byte for byte (no percent-decoding)', () => {
    expect(readCookie('a=x%20y', 'a')).toBe('x%20y');
  });

  it('gives the first of repeated names', () => {
    expect(readCookie('a=first; a=second', 'a')).toBe('first');
  });

  it.each([
    [undefined, 'a'],
    ['', 'a'],
    ['a=', 'a'],
    ['b=1', 'a'],
    [';;;', 'a'],
    ['a', 'a'],
    ['=a; ==; a', 'a'],
    ['\u0000\r\n', 'a'],
    ['x=%E0%A4%A', 'a'],
    ['a=1', '__proto__'],
    ['a=1', 'constructor'],
  ])('returns undefined for %j / %s', (header, name) => {
    expect(readCookie(header, name)).toBeUndefined();
  });

  it('tolerates junk without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (header, name) => {
        const value = readCookie(header, name);
        expect(value === undefined || typeof value === 'string').toBe(true);
      }),
    );
  });
});

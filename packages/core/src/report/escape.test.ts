import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeHtml } from './escape.ts';

function unescape(html: string): string {
  return html
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    assert.equal(escapeHtml(`<script>&"'`), '&lt;script&gt;&amp;&quot;&#39;');
    assert.equal(escapeHtml('a &amp; b'), 'a &amp;amp; b');
    assert.equal(escapeHtml('plain ε text'), 'plain ε text');
  });

  it('leaves no markup characters and loses nothing (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const out = escapeHtml(s);
        assert.ok(!/[<>"']/.test(out));
        assert.equal(unescape(out), s);
      }),
    );
  });
});

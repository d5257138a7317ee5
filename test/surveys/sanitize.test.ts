// Sanitisation of HTML-bearing definition strings: XSS payloads in English and Arabic, every locale, idempotence.
import assert from 'node:assert/strict';
import baseline from '../../surveys/demo/baseline.json';
import { sanitizeDefinition, sanitizeString } from '../../surveys/sanitize';
import type { TDefinition } from '../../surveys/definition';

const XSS = ['"><img src=x onerror=alert(1)>', '<svg/onload=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<a href=" JaVaScRiPt:alert(1)">x</a>',
  '<script>alert(1)</script>', '<iframe src="https://evil"></iframe>', '<img src="data:image/svg+xml;base64,PHN2Zz4=">', '<p onclick="x()">t</p>',
  '<a href="vbscript:msgbox(1)">v</a>', '<img src="javascript:alert(1)">', '<div style="background:url(javascript:alert(1))">d</div>'];
const dangerous = (s: string) => /<script|<svg|<iframe|onerror|onload|onclick|javascript:|vbscript:|style=|src="x"|svg\+xml/i.test(s);

describe('surveys/sanitize', () => {
  it('removes script, event handlers and unsafe URLs', () => {
    for (const x of XSS) {
      const out = sanitizeString(x);
      assert.equal(dangerous(out), false, `${x} → ${out}`);
      assert.equal(sanitizeString(out), out, 'idempotent');
    }
    assert.equal(sanitizeString('<a href="javascript:alert(1)">x</a>'), '<a>x</a>');
    assert.equal(sanitizeString('<svg/onload=alert(1)>'), '');
  });

  it('keeps the allowed formatting, links and images', () => {
    const ok = '<h3>Thank you</h3><p><b>b</b> <i>i</i> <em>e</em> <strong>s</strong> <u>u</u><br /></p><ul><li>one</li></ul><ol><li>two</li></ol><span>s</span>';
    assert.equal(sanitizeString(ok), ok);
    assert.equal(sanitizeString('<a href="https://example.org">x</a>'), '<a href="https://example.org">x</a>');
    assert.equal(sanitizeString('<a href="mailto:me@example.org">m</a>'), '<a href="mailto:me@example.org">m</a>');
    assert.equal(sanitizeString('<img src="https://example.org/a.png" alt="a" />'), '<img src="https://example.org/a.png" alt="a" />');
    assert.equal(sanitizeString('<img src="data:image/png;base64,AAAA" />'), '<img src="data:image/png;base64,AAAA" />');
    assert.equal(sanitizeString('x < 5 & Q&A > 2'), 'x < 5 & Q&A > 2', 'plain text is left alone');
  });

  it('cleans every locale of every HTML-bearing property, keeps the rest, and is idempotent', () => {
    const evil = (s: string) => ({ default: `${s} <img src=x onerror=alert(1)>`, ar: `${s} عربي <svg/onload=alert(1)>`, fr: '<script>x</script>fr' });
    const def: TDefinition = {
      title: evil('T'), description: evil('D'), completedHtml: evil('<h3>done</h3>'), completedBeforeHtml: evil('b'), loadingHtml: evil('l'),
      completedHtmlOnCondition: [{ expression: '{a} = 1', html: evil('c') }],
      pages: [{ name: 'p', title: evil('P'), elements: [
        { type: 'html', name: 'h', html: evil('<p>h</p>') },
        { type: 'radiogroup', name: 'r', title: '"><img src=x onerror=alert(1)>', visibleIf: "{x} = '<b>'", choices: [{ value: 'a<b>', text: evil('A') }, 'plain'], otherText: evil('o') },
        { type: 'boolean', name: 'b', labelTrue: evil('Y'), labelFalse: evil('N') },
        { type: 'rating', name: 'g', minRateDescription: evil('min'), maxRateDescription: evil('max') },
        { type: 'text', name: 't', placeholder: evil('ph'), validators: [{ type: 'regex', regex: '^<b>$', text: evil('v') }] },
        { type: 'matrix', name: 'm', rows: [{ value: 'r', text: evil('row') }], columns: [{ value: 1, text: evil('col') }] },
      ] }],
    };
    const out = sanitizeDefinition(def);
    const json = JSON.stringify(out);
    assert.equal(dangerous(json), false, json);
    assert.equal(JSON.stringify(def).includes('onerror'), true, 'input not modified');
    assert.deepEqual(sanitizeDefinition(out), out);
    const r = out.pages![0].elements![1] as any;
    assert.equal(r.visibleIf, "{x} = '<b>'", 'expressions untouched');
    assert.equal(r.choices[0].value, 'a<b>', 'codes untouched');
    assert.equal(r.choices[0].text.ar, 'A عربي ');
    assert.equal((out.completedHtml as any).default, '<h3>done</h3> ');
    assert.equal((out.completedHtml as any).fr, 'fr');
    assert.equal((out.pages![0].elements![4] as any).validators[0].regex, '^<b>$');
  });

  it('leaves the demo questionnaire unchanged', () => {
    assert.deepEqual(sanitizeDefinition(baseline), baseline);
  });
});

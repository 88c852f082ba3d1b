// Tree tooltips: markdown specials escaped, URLs untouched (a backslash in or right after a bare
// URL is shown, and ends up in the link).
import assert from 'node:assert/strict';
import { markdownText } from '../../../src/views/markdownText';

describe('views: markdown text for tooltips', () => {
  it('leaves the issuer URL of a credential warning and its full stop as written', () => {
    const message = 'Issuer ends with "/"; matching is exact. Use https://login.microsoftonline.com/3c5f0f2e-1111-4a4a-9b9b-123456789abc/v2.0.';
    assert.equal(markdownText(message), message);
  });

  it('escapes markdown syntax outside URLs', () => {
    assert.equal(markdownText('a *b* _c_ [x](y) `z` <b> #1 | 2'), 'a \\*b\\* \\_c\\_ \\[x\\]\\(y\\) \\`z\\` \\<b\\> \\#1 \\| 2');
  });

  it('keeps a URL whole between escaped text, and the punctuation that closes it', () => {
    assert.equal(
      markdownText('fic_1 (see https://learn.example/a_b); then *retry*'),
      'fic\\_1 \\(see https://learn.example/a_b); then \\*retry\\*',
    );
  });

  it('escapes the text of a credential name without a URL', () => {
    assert.equal(markdownText('my_fic-name.1'), 'my\\_fic-name.1');
  });
});

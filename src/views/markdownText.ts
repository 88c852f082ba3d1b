// Plain text for a MarkdownString (tree tooltips): markdown's special characters escaped, URLs
// left exactly as they are. VS Code's hover renderer (marked, with GitHub's autolinks) links a
// bare URL from the raw text, backslashes included, so an escaped "." in or right after a URL
// showed as ".../v2.0\." and broke the link.

/** A URL in running text, without the punctuation that ends the sentence after it. */
const URL_IN_TEXT = /(https?:\/\/[^\s"'`<>]*[^\s"'`<>.,;:!?)])/;

/** Characters that start markdown syntax mid-line; `.`, `-`, `+` and `!` only do so where these are escaped too. */
const SPECIAL = /[\\`*_{}[\]()#|<>]/g;

export function markdownText(text: string): string {
  return text
    .split(URL_IN_TEXT)
    .map((part, i) => {
      if (i % 2 === 1) return part; // a URL
      // The character right after a URL stays too: escaped, the autolink would take it in.
      const kept = i > 0 ? part.slice(0, 1) : '';
      return kept + part.slice(kept.length).replace(SPECIAL, (c) => `\\${c}`);
    })
    .join('');
}

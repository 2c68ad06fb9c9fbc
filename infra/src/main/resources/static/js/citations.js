import {h, formatNumber} from './dom.js';
import {renderMarkdown} from './markdown.js';
import {openDialog} from './dialog.js';

const MARKER = /\[(\d{1,3})\]/g;

/**
 * A reply's text with its citations as footnotes: each [n] naming one of its sources becomes a superscript
 * button, and a numbered list of the sources follows the text; either opens the cited passage. A marker naming no
 * source stays as the model wrote it. Without citations this is the Markdown alone.
 */
export function renderReply(text, citations) {
  const body = renderMarkdown(text);
  if (!citations?.length) return body;
  const byNumber = new Map(citations.map(citation => [citation.n, citation]));
  linkMarkers(body, byNumber);
  const sources = h('ol', {class: 'sources', 'aria-label': 'Sources'}, citations.map(citation =>
    h('li', {value: citation.n},
      h('button', {type: 'button', class: 'source link', onclick: () => openPassage(citation)}, citation.title))));
  const fragment = document.createDocumentFragment();
  fragment.append(body, sources);
  return fragment;
}

/** Only the sanitised DOM's text nodes are split: markers become elements built here, never parsed HTML. */
function linkMarkers(root, byNumber) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    // A marker in code is code.
    acceptNode: node => node.parentElement?.closest('code') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
  for (const node of texts) {
    const pieces = [];
    let last = 0;
    for (const match of node.data.matchAll(MARKER)) {
      const citation = byNumber.get(Number(match[1]));
      if (!citation) continue;
      pieces.push(node.data.slice(last, match.index), footnote(citation));
      last = match.index + match[0].length;
    }
    if (!pieces.length) continue;
    pieces.push(node.data.slice(last));
    node.replaceWith(...pieces.filter(piece => piece !== ''));
  }
}

function footnote(citation) {
  return h('sup', {class: 'footnote'}, h('button', {type: 'button', class: 'cite', dataset: {n: citation.n},
    'aria-label': `Source ${citation.n}: ${citation.title}`, onclick: () => openPassage(citation)},
  `[${citation.n}]`));
}

function openPassage(citation) {
  return openDialog({id: 'passage', title: `[${citation.n}] ${citation.title}`, content: [
    h('blockquote', {class: 'passage-text'}, citation.snippet),
    h('p', {class: 'muted'}, `Relevance score ${formatNumber(citation.score, {maximumFractionDigits: 3})} · `,
      h('a', {href: `#/knowledge/${citation.knowledgeBaseId}`,
        onclick: event => event.target.closest('dialog').close()}, 'Open its knowledge base')),
  ]});
}

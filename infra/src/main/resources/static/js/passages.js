import {describe, newest, path} from './api.js';
import {h, clear, formatNumber} from './dom.js';

const MODES = [
  {value: 'hybrid', label: 'Hybrid'},
  {value: 'semantic', label: 'By meaning'},
  {value: 'keyword', label: 'By words'},
];

/** Searching one knowledge base: the passages found, best first, with the query's words marked. */
export function searchPanel(session, baseId) {
  const query = h('input', {type: 'search', id: 'kb-search-query', maxlength: 2000, required: true,
    placeholder: 'What are you looking for?', 'aria-label': 'Search this knowledge base'});
  const mode = h('select', {id: 'kb-search-mode', 'aria-label': 'Search mode'},
    MODES.map(m => h('option', {value: m.value}, m.label)));
  const results = h('div', {id: 'search-results', 'aria-live': 'polite'});
  const form = h('form', {class: 'toolbar', role: 'search'}, query, mode,
    h('button', {type: 'submit', class: 'primary', id: 'kb-search'}, 'Search'));
  const latest = newest();
  const search = async () => {
    const current = latest();
    const asked = query.value.trim();
    if (!asked) return;
    try {
      const found = await session.json('POST', path`/api/v1/knowledge-bases/${baseId}/search`,
        {query: asked, topK: 8, mode: mode.value});
      if (current()) showResults(results, found.results, asked);
    } catch (error) {
      if (current()) clear(results, h('p', {class: 'form-error', role: 'alert'}, describe(error)));
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    search();
  });
  mode.addEventListener('change', search);
  return h('section', {class: 'kb-search', 'aria-labelledby': 'kb-search-title'},
    h('h2', {id: 'kb-search-title'}, 'Search'), form, results);
}

function showResults(results, hits, asked) {
  if (!hits.length) {
    clear(results, h('p', {class: 'muted'}, 'No passage matches.'));
    return;
  }
  clear(results, h('ol', {class: 'passages', 'aria-label': 'Passages found'}, hits.map(hit =>
    h('li', {class: 'passage', dataset: {document: hit.documentId}},
      h('div', {class: 'passage-head'},
        h('span', {class: 'passage-title'}, hit.title),
        h('span', {class: 'muted'},
          `rank ${hit.rank} · score ${formatNumber(hit.score, {maximumFractionDigits: 3})}`)),
      h('p', {class: 'passage-text'}, highlighted(hit.text, asked))))));
}

/**
 * The text with each of the query's words in a <mark>, built as text nodes and elements: neither the passage nor
 * the query is ever parsed as HTML.
 */
export function highlighted(text, asked) {
  const words = [...new Set(asked.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [])];
  if (!words.length) return [text];
  // Longest first, so that a word is marked whole and not as the shorter word it starts with. Words are letters
  // and digits only, so none needs escaping in the pattern.
  words.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(${words.join('|')})`, 'giu');
  return text.split(pattern).map((piece, i) => i % 2 ? h('mark', {}, piece) : piece).filter(piece => piece !== '');
}

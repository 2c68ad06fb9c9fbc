import {Marked} from '/webjars/marked/lib/marked.esm.js';
import DOMPurify from '/webjars/dompurify/dist/purify.es.mjs';

/**
 * Markdown to safe DOM. marked passes raw HTML through, so everything it produces goes through DOMPurify before it
 * reaches the page: a message can format text but never run script, load frames or forms, or style the page. The
 * CSP (no inline script, own origin only) is the second fence.
 */
const marked = new Marked({gfm: true, breaks: true, async: false});

const purify = DOMPurify();
purify.addHook('afterSanitizeAttributes', node => {
  if (node.tagName === 'A') {
    node.setAttribute('rel', 'noopener noreferrer nofollow');
    node.setAttribute('target', '_blank');
  }
});

const POLICY = {
  USE_PROFILES: {html: true},
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'img', 'svg', 'math'],
  FORBID_ATTR: ['style', 'class', 'id'],
  RETURN_DOM_FRAGMENT: true,
};

export function renderMarkdown(text) {
  return purify.sanitize(marked.parse(text ?? ''), POLICY);
}

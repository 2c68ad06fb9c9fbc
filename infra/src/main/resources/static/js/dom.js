/**
 * Builds elements from data. Text always goes in as text nodes, never as HTML, so nothing a user or a model wrote
 * can become markup here; the one place that renders HTML is markdown.js, behind its sanitiser.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'}) : '';
}

export function formatNumber(value, options) {
  return Number(value ?? 0).toLocaleString(undefined, options);
}

export function formatUsd(value) {
  const amount = Number(value ?? 0);
  return '$' + amount.toLocaleString(undefined, {minimumFractionDigits: 2, maximumFractionDigits: amount < 1 ? 4 : 2});
}

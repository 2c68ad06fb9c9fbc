import {ApiError, describe, path} from './api.js';
import {h, formatNumber} from './dom.js';

/** What the file picker offers; the server decides by the content, so this only spares a wasted upload. */
const ACCEPT = '.md,.markdown,.txt,.text,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf';

/**
 * Adding documents to a knowledge base: files, picked or dropped, each uploaded with its own progress row, and
 * text pasted with a title. {@code onAdded} runs after every accepted document (the list then follows its status).
 */
export function addDocumentsPanel(session, baseId, {onAdded}) {
  const input = h('input', {type: 'file', id: 'kb-files', multiple: true, accept: ACCEPT,
    'aria-describedby': 'kb-files-hint'});
  const rows = h('ul', {class: 'uploads', id: 'uploads', 'aria-label': 'Uploads'});
  const uploadAll = files => {
    for (const file of files) {
      const row = uploadRow(file);
      rows.append(row.element);
      uploadFile(session, baseId, file, row.progress)
        .then(() => {
          row.element.remove();
          onAdded();
        }, error => row.failed(describe(error)));
    }
  };
  input.addEventListener('change', () => {
    uploadAll([...input.files]);
    input.value = '';
  });
  const zone = h('div', {class: 'drop-zone', id: 'drop-zone'},
    h('label', {for: 'kb-files', class: 'button primary'}, 'Choose files'), input,
    h('span', {id: 'kb-files-hint', class: 'muted'}, 'or drop them here · Markdown, HTML, PDF or plain text'));
  zone.addEventListener('dragover', event => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', event => {
    event.preventDefault();
    zone.classList.remove('dragging');
    uploadAll([...event.dataTransfer.files]);
  });
  return h('section', {class: 'add-documents', 'aria-labelledby': 'add-documents-title'},
    h('h2', {id: 'add-documents-title'}, 'Add documents'), zone, rows, pasteForm(session, baseId, onAdded));
}

function pasteForm(session, baseId, onAdded) {
  const title = h('input', {id: 'paste-title', maxlength: 200, required: true});
  const text = h('textarea', {id: 'paste-text', rows: 5, required: true});
  const error = h('p', {class: 'form-error', role: 'alert'});
  const submit = h('button', {type: 'submit', id: 'paste-add'}, 'Add text');
  const form = h('form', {class: 'paste-form'},
    h('label', {for: 'paste-title'}, 'Title'), title,
    h('label', {for: 'paste-text'}, 'Text'), text, error, h('div', {}, submit));
  const details = h('details', {class: 'paste'}, h('summary', {}, 'Paste text as a document'), form);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await session.json('POST', path`/api/v1/knowledge-bases/${baseId}/documents`,
        {title: title.value.trim(), text: text.value});
      form.reset();
      details.open = false;
      onAdded();
    } catch (failure) {
      error.textContent = describe(failure);
    } finally {
      submit.disabled = false;
    }
  });
  return details;
}

function uploadRow(file) {
  const progress = h('progress', {max: 1, value: 0, 'aria-label': `Upload of ${file.name}`});
  const state = h('span', {class: 'upload-state'}, 'Uploading…');
  const element = h('li', {class: 'upload', dataset: {name: file.name}},
    h('span', {class: 'upload-name'}, file.name), h('span', {class: 'muted upload-size'}, size(file.size)), progress,
    state);
  return {
    element,
    progress(fraction) {
      progress.value = fraction;
      state.textContent = fraction < 1 ? `Uploading ${Math.round(fraction * 100)}%` : 'Reading…';
    },
    failed(message) {
      progress.remove();
      element.classList.add('failed');
      state.textContent = `Not added: ${message}`;
      element.append(h('button', {type: 'button', class: 'ghost', 'aria-label': `Dismiss ${file.name}`,
        onclick: () => element.remove()}, '×'));
    },
  };
}

/**
 * fetch cannot report how much of a body has been sent, so files go with XMLHttpRequest, whose upload events can.
 * Resolves with the accepted document ({id, status}); rejects with the ApiError of the envelope.
 */
async function uploadFile(session, baseId, file, onProgress) {
  const token = await session.accessToken();
  const body = new FormData();
  body.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path`/api/v1/knowledge-bases/${baseId}/documents`);
    request.setRequestHeader('Authorization', 'Bearer ' + token);
    request.setRequestHeader('Accept', 'application/json');
    request.responseType = 'json';
    request.upload.addEventListener('progress', event => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      if (request.status === 202) {
        resolve(request.response);
        return;
      }
      const error = request.response?.error;
      reject(new ApiError(request.status, error?.code ?? 'HTTP_' + request.status,
        error?.message ?? 'The upload failed.', error?.details));
    });
    request.addEventListener('error', () => reject(new TypeError('network')));
    request.send(body);
  });
}

export function size(bytes) {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, {maximumFractionDigits: 1})} KB`;
  return `${formatNumber(bytes / 1024 / 1024, {maximumFractionDigits: 1})} MB`;
}

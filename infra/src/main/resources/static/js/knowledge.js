import {ApiError, newest, path} from './api.js';
import {h, clear, formatNumber, formatTime} from './dom.js';
import {confirmDialog} from './dialog.js';
import {addDocumentsPanel, size} from './upload.js';
import {searchPanel} from './passages.js';

/** How often the documents are asked for again while one is still being read and embedded. */
const POLL_MS = 1000;

/**
 * The Knowledge page (#/knowledge, #/knowledge/{id}): the caller's knowledge bases and those their tenant shares;
 * one base's documents, following each new one until it is ready or has failed; adding documents and searching.
 * Controls to change a base appear only to whom the API lets change it (its owner, a tenant admin); the API decides.
 */
export class KnowledgeView {
  constructor(session, {notify}) {
    this.session = session;
    this.notify = notify;
    this.nextScreen = newest();
    this.nextList = newest();
    this.nextDocuments = newest();
    this.base = null;
    this.poll = 0;
  }

  mount(main) {
    this.list = h('ul', {class: 'conversation-list', id: 'kb-list', 'aria-label': 'Knowledge bases'});
    this.panel = h('section', {class: 'kb-panel', id: 'kb-panel', 'aria-label': 'Knowledge base'});
    clear(main, h('div', {class: 'chat knowledge'},
      h('aside', {class: 'sidebar', 'aria-label': 'Your knowledge bases'},
        this.session.hasRole('member', 'tenant-admin') ? this.createForm() : null, this.list),
      this.panel));
    this.refreshList();
  }

  leave() {
    this.stopPolling();
    this.nextScreen();
  }

  createForm() {
    const name = h('input', {id: 'kb-name', maxlength: 200, required: true});
    const description = h('textarea', {id: 'kb-description', rows: 2, maxlength: 2000});
    // Only a tenant admin may share a base with the tenant; the server refuses anyone else.
    const shared = this.session.hasRole('tenant-admin') ? h('input', {type: 'checkbox', id: 'kb-shared'}) : null;
    const submit = h('button', {type: 'submit', class: 'primary', id: 'kb-create'}, 'Create knowledge base');
    const form = h('form', {class: 'kb-create', 'aria-labelledby': 'kb-create-title'},
      h('h2', {id: 'kb-create-title'}, 'New knowledge base'),
      h('label', {for: 'kb-name'}, 'Name'), name,
      h('label', {for: 'kb-description'}, 'Description (optional)'), description,
      shared ? h('label', {class: 'checkbox'}, shared, 'Share with everyone in my organisation') : null,
      submit);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      submit.disabled = true;
      try {
        const created = await this.session.json('POST', '/api/v1/knowledge-bases', {name: name.value.trim(),
          description: description.value.trim() || null, shared: shared?.checked ?? false});
        form.reset();
        await this.refreshList();
        location.hash = `#/knowledge/${created.id}`;
      } catch (error) {
        this.notify.error(error);
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  async refreshList() {
    const latest = this.nextList();
    let page;
    try {
      page = await this.session.json('GET', '/api/v1/knowledge-bases');
    } catch (error) {
      this.notify.error(error);
      return;
    }
    if (!latest()) return;
    clear(this.list, page.items.length ? page.items.map(base => h('li', {},
      h('a', {href: `#/knowledge/${base.id}`, dataset: {id: base.id}},
        h('span', {class: 'conversation-title'}, base.name, ...sharedBadge(base)),
        h('span', {class: 'conversation-meta'}, `${counts(base)} · ${base.embeddingModel}`))))
      : h('li', {class: 'muted'}, 'No knowledge bases yet.'));
    this.markSelected();
  }

  markSelected() {
    for (const link of this.list.querySelectorAll('a')) {
      link.toggleAttribute('aria-current', link.dataset.id === this.base?.id);
    }
  }

  async show({id}) {
    const onScreen = this.nextScreen();
    this.stopPolling();
    this.base = null;
    this.markSelected();
    if (!id) {
      clear(this.panel, h('div', {class: 'empty'}, h('h1', {}, 'Knowledge bases'),
        h('p', {}, 'Documents a conversation can draw on. Open a base from the list, or create one;'),
        h('p', {}, 'choose the bases a conversation uses with “Knowledge” in its composer.')));
      return;
    }
    let base;
    try {
      base = await this.session.json('GET', path`/api/v1/knowledge-bases/${id}`);
    } catch (error) {
      if (!onScreen()) return;
      if (error instanceof ApiError && error.status === 404) {
        clear(this.panel, h('div', {class: 'empty'}, h('h1', {}, 'Knowledge base not found'),
          h('p', {}, 'It may have been deleted, or it is not shared with you.')));
        return;
      }
      throw error;
    }
    if (!onScreen()) return;
    this.base = base;
    this.onScreen = onScreen;
    this.markSelected();
    const changeable = this.mayChange(base);
    this.documents = h('div', {id: 'documents'});
    this.meta = h('p', {class: 'muted', id: 'kb-meta'});
    clear(this.panel,
      h('header', {class: 'conversation-header'},
        h('div', {class: 'conversation-heading'},
          h('h1', {id: 'kb-title'}, base.name, ...sharedBadge(base)),
          base.description ? h('p', {}, base.description) : null, this.meta),
        changeable ? h('div', {class: 'conversation-actions'}, h('button', {type: 'button', class: 'danger',
          id: 'kb-delete', onclick: () => this.removeBase()}, 'Delete knowledge base')) : null),
      h('div', {class: 'kb-grid'},
        h('div', {},
          h('section', {'aria-labelledby': 'documents-title'},
            h('h2', {id: 'documents-title', tabindex: -1}, 'Documents'), this.documents),
          changeable ? addDocumentsPanel(this.session, id, {onAdded: () => this.refreshDocuments(onScreen)}) : null),
        searchPanel(this.session, id)));
    this.showMeta(base);
    await this.refreshDocuments(onScreen);
  }

  mayChange(base) {
    return this.session.hasRole('tenant-admin')
      || (this.session.hasRole('member') && base.ownerId === this.session.claims.sub);
  }

  showMeta(base) {
    this.meta.textContent = `${counts(base)} · embedded by ${base.embeddingModel} · created ${
      formatTime(base.createdAt)}`;
  }

  /** Shows the documents, and asks again while any is processing; the base's counts follow along. */
  async refreshDocuments(onScreen) {
    if (!onScreen()) return; // an upload that ended after the base was left
    this.stopPolling();
    const latest = this.nextDocuments();
    const id = this.base.id;
    let page, base;
    try {
      [page, base] = await Promise.all([
        this.session.json('GET', path`/api/v1/knowledge-bases/${id}/documents`),
        this.session.json('GET', path`/api/v1/knowledge-bases/${id}`)]);
    } catch (error) {
      if (onScreen()) this.notify.error(error);
      return;
    }
    if (!latest() || !onScreen()) return;
    const changed = counts(base) !== counts(this.base);
    this.base = base;
    this.showMeta(base);
    this.renderDocuments(page.items);
    if (changed) this.refreshList();
    if (page.items.some(doc => doc.status === 'processing')) {
      this.poll = setTimeout(() => this.refreshDocuments(onScreen), POLL_MS);
    }
  }

  stopPolling() {
    clearTimeout(this.poll);
    this.poll = 0;
  }

  renderDocuments(documents) {
    if (!documents.length) {
      clear(this.documents, h('p', {class: 'muted'}, 'No documents yet.'));
      return;
    }
    const changeable = this.mayChange(this.base);
    clear(this.documents, h('div', {class: 'table-scroll'}, h('table', {class: 'data documents'},
      h('thead', {}, h('tr', {}, ['Title', 'Status', 'Chunks', 'Size', 'Added'].map(label => h('th', {}, label)),
        changeable ? h('th', {}, h('span', {class: 'visually-hidden'}, 'Actions')) : null)),
      h('tbody', {}, documents.map(doc => h('tr', {dataset: {id: doc.id, status: doc.status}},
        h('td', {class: 'document-title'}, doc.title),
        h('td', {class: 'document-status'}, documentStatus(doc)),
        h('td', {}, formatNumber(doc.chunkCount)),
        h('td', {class: 'document-size'}, size(doc.bytes)),
        // The day is enough in a narrow column; the time is in the tooltip.
        h('td', {class: 'document-date', title: formatTime(doc.createdAt)},
          new Date(doc.createdAt).toLocaleDateString(undefined, {dateStyle: 'medium'})),
        changeable ? h('td', {}, h('button', {type: 'button', class: 'ghost delete-document',
          'aria-label': `Delete ${doc.title}`, onclick: () => this.removeDocument(doc)}, 'Delete'))
          : null))))));
  }

  async removeDocument(doc) {
    const sure = await confirmDialog({title: `Delete “${doc.title}”?`,
      message: 'Its passages are no longer found, and replies no longer cite it. This cannot be undone.',
      confirm: 'Delete document'});
    if (!sure) return;
    try {
      await this.session.json('DELETE', path`/api/v1/documents/${doc.id}`);
    } catch (error) {
      this.notify.error(error);
      return;
    }
    this.notify.info(`“${doc.title}” was deleted.`);
    // Its row and the Delete button that had the focus are gone; the focus stays in the documents.
    this.panel.querySelector('#documents-title').focus();
    await this.refreshDocuments(this.onScreen);
  }

  async removeBase() {
    const {id, name} = this.base;
    const sure = await confirmDialog({title: `Delete “${name}”?`,
      message: `Its ${counts(this.base)} are deleted, and conversations stop drawing on it. This cannot be undone.`,
      confirm: 'Delete knowledge base'});
    if (!sure) return;
    try {
      await this.session.json('DELETE', path`/api/v1/knowledge-bases/${id}`);
    } catch (error) {
      this.notify.error(error);
      return;
    }
    this.notify.info(`“${name}” was deleted.`);
    await this.refreshList();
    location.hash = '#/knowledge';
  }
}

function counts(base) {
  const documents = base.documentCount === 1 ? 'document' : 'documents';
  const chunks = base.chunkCount === 1 ? 'chunk' : 'chunks';
  return `${formatNumber(base.documentCount)} ${documents} · ${formatNumber(base.chunkCount)} ${chunks}`;
}

/** The space keeps the badge a word of its own for screen readers and copied text. */
function sharedBadge(base) {
  return base.shared ? [' ', h('span', {class: 'badge'}, 'shared')] : [];
}

function documentStatus(doc) {
  switch (doc.status) {
    case 'ready':
      return h('span', {class: 'badge ok'}, 'ready');
    case 'failed':
      return [h('span', {class: 'badge error'}, 'failed'), h('p', {class: 'document-error'}, doc.error)];
    default:
      return [h('span', {class: 'badge live'}, 'processing'), doc.chunkCount ? h('span', {class: 'muted'},
        ` ${formatNumber(doc.embeddedChunks)} of ${formatNumber(doc.chunkCount)} embedded`) : null];
  }
}

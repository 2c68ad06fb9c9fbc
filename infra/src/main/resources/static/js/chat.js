import {ApiError, newest, path} from './api.js';
import {h, clear, formatTime} from './dom.js';
import {renderReply} from './citations.js';
import {KnowledgePicker} from './picker.js';
import {followReply} from './stream.js';
import {ConversationTree} from './tree.js';

/** PostMessage's parent for "a new first message": the nil UUID. */
const ROOT = '00000000-0000-0000-0000-000000000000';
const ACTIVE = new Set(['requested', 'streaming']);

/**
 * The chat: the caller's conversations (searchable), one conversation's branch at a time, and the composer.
 * Which branch is shown is part of the address (?leaf=), so a reload or a shared link shows the same one.
 *
 * Every await can outlive the screen it started on (the user opens another conversation meanwhile): an answer
 * for a conversation no longer shown, or for an older request, is dropped.
 */
export class ChatView {
  constructor(session, {notify, usage}) {
    this.session = session;
    this.notify = notify;
    this.usage = usage;
    this.conversation = null;
    this.tree = null;
    this.leafId = null;
    this.streaming = null;
    this.sending = false;
    this.nextScreen = newest();
    this.nextList = newest();
    this.draft = null;
    this.onEscape = event => {
      if (event.key === 'Escape' && this.streaming && !event.defaultPrevented) this.stop();
    };
  }

  mount(main) {
    this.search = h('input', {type: 'search', id: 'conversation-search', placeholder: 'Search conversations',
      'aria-label': 'Search conversations', maxlength: 200});
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.refreshList(), 250);
    });
    this.modelPicker = h('select', {id: 'model-picker', 'aria-label': 'Model for a new conversation'});
    this.list = h('ul', {class: 'conversation-list', id: 'conversation-list', 'aria-label': 'Conversations'});
    this.pane = h('section', {class: 'conversation', id: 'conversation', 'aria-label': 'Conversation'});
    const startButton = h('button', {type: 'submit', class: 'primary', id: 'new-conversation'}, 'New conversation');
    this.startKnowledge = new KnowledgePicker(this.session, {id: 'start-knowledge',
      legend: 'Knowledge for a new conversation'});
    const start = h('form', {class: 'new-conversation'}, this.modelPicker, this.startKnowledge.element, startButton);
    start.addEventListener('submit', event => {
      event.preventDefault();
      startButton.disabled = true;
      this.start().catch(error => this.notify.error(error)).finally(() => { startButton.disabled = false; });
    });
    clear(main, h('div', {class: 'chat'},
      h('aside', {class: 'sidebar', 'aria-label': 'Your conversations'}, start, this.search, this.list),
      this.pane));
    // Esc stops the reply from anywhere on the page; fields with an Esc of their own (edit, rename) take it first.
    document.addEventListener('keydown', this.onEscape);
    this.loadModels();
    this.refreshList();
  }

  leave() {
    document.removeEventListener('keydown', this.onEscape);
    this.stopFollowing();
    this.nextScreen();
  }

  async show({id, leaf}) {
    const onScreen = this.nextScreen();
    if (this.conversation?.id !== id) this.stopFollowing();
    if (!id) {
      this.conversation = null;
      this.markSelected();
      clear(this.pane, h('div', {class: 'empty'},
        h('h1', {}, 'Start a conversation'),
        h('p', {}, 'Pick a model and choose “New conversation”, or open one from the list.')));
      return;
    }
    let loaded;
    try {
      loaded = await this.fetchConversation(id, leaf);
    } catch (error) {
      if (!onScreen()) return;
      if (error instanceof ApiError && error.status === 404) {
        this.conversation = null;
        clear(this.pane, h('div', {class: 'empty'}, h('h1', {}, 'Conversation not found'),
          h('p', {}, 'It may have been deleted, or it is not yours.')));
        return;
      }
      throw error;
    }
    if (!onScreen()) return;
    this.accept(loaded);
    this.renderConversation();
    this.markSelected();
    this.resumeActiveReply();
  }

  /** The conversation, the leaf to show and its fork's source title; assigned only by {@link accept}. */
  async fetchConversation(id, leaf) {
    const conversation = await this.session.json('GET', path`/api/v1/conversations/${id}`);
    const tree = new ConversationTree(conversation.messages);
    const wanted = leaf && tree.has(leaf) ? tree.newestLeaf(leaf) : null;
    const leafId = wanted ?? (tree.has(conversation.activeLeafId) ? conversation.activeLeafId : tree.defaultLeaf());
    // The source's title is fetched when a fork is opened, not again on every refresh after a send or a reply.
    const refreshing = this.conversation?.id === id;
    let sourceTitle = refreshing ? this.sourceTitle : null;
    if (conversation.forkedFrom && !refreshing) {
      sourceTitle = await this.session
        .json('GET', path`/api/v1/conversations/${conversation.forkedFrom.conversationId}`)
        .then(source => source.title || 'Untitled conversation', () => null);
    }
    return {conversation, tree, leafId, sourceTitle};
  }

  accept({conversation, tree, leafId, sourceTitle}) {
    this.conversation = conversation;
    this.tree = tree;
    this.leafId = leafId;
    this.sourceTitle = sourceTitle;
  }

  async loadModels() {
    try {
      const {models} = await this.session.json('GET', '/api/v1/models');
      clear(this.modelPicker, models.map(model => h('option', {value: model.id}, model.id)));
      this.modelPicker.disabled = models.length === 0;
    } catch (error) {
      this.notify.error(error);
    }
  }

  async refreshList() {
    const latest = this.nextList();
    const query = this.search.value.trim();
    let page;
    try {
      page = await this.session.json('GET',
        '/api/v1/conversations?limit=100' + (query ? '&q=' + encodeURIComponent(query) : ''));
    } catch (error) {
      this.notify.error(error);
      return;
    }
    if (!latest()) return; // a newer search has been asked for
    clear(this.list, page.items.length ? page.items.map(item => h('li', {},
      h('a', {href: `#/c/${item.id}`, dataset: {id: item.id}},
        h('span', {class: 'conversation-title'}, item.title || 'Untitled conversation'),
        h('span', {class: 'conversation-meta'}, item.forkedFrom ? 'fork · ' : '', formatTime(item.updatedAt)))))
      : h('li', {class: 'muted'}, query ? 'No conversation matches.' : 'No conversations yet.'));
    this.markSelected();
  }

  markSelected() {
    for (const link of this.list.querySelectorAll('a')) {
      link.toggleAttribute('aria-current', link.dataset.id === this.conversation?.id);
    }
  }

  async start() {
    const started = await this.session.json('POST', '/api/v1/conversations',
      {model: this.modelPicker.value, knowledgeBaseIds: this.startKnowledge.chosen()});
    await this.refreshList();
    location.hash = `#/c/${started.id}`;
  }

  renderConversation() {
    this.header = this.conversationHeader();
    this.log = h('ol', {class: 'messages', id: 'messages', role: 'log', 'aria-live': 'polite',
      'aria-label': 'Messages'});
    this.renderMessages();

    this.input = h('textarea', {id: 'composer-input', rows: 3, 'aria-label': 'Message',
      placeholder: 'Write a message', 'aria-describedby': 'composer-hint'});
    if (this.draft) {
      this.input.value = this.draft;
      this.draft = null;
    }
    this.input.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.composer.requestSubmit();
      }
    });
    this.sendButton = h('button', {type: 'submit', class: 'primary', id: 'send'}, 'Send');
    this.stopButton = h('button', {type: 'button', id: 'stop', hidden: true, onclick: () => this.stop()}, 'Stop');
    this.connection = h('span', {class: 'connection', id: 'connection', role: 'status'});
    const {id, knowledgeBaseIds} = this.conversation;
    const knowledge = new KnowledgePicker(this.session, {id: 'knowledge-picker', chosen: knowledgeBaseIds,
      onChange: ids => this.session.json('PATCH', path`/api/v1/conversations/${id}`, {knowledgeBaseIds: ids})});
    this.composer = h('form', {class: 'composer'}, this.input,
      h('div', {class: 'composer-bar'},
        h('span', {id: 'composer-hint', class: 'muted'}, 'Enter sends · Shift+Enter adds a line · Esc stops'),
        this.connection, knowledge.element, this.stopButton, this.sendButton));
    this.composer.addEventListener('submit', event => {
      event.preventDefault();
      this.send(this.input.value).catch(error => this.notify.error(error));
    });
    clear(this.pane, this.header, this.log, this.composer);
    this.setStreaming(this.streaming);
    this.input.focus();
  }

  conversationHeader() {
    const c = this.conversation;
    return h('header', {class: 'conversation-header'},
      h('div', {class: 'conversation-heading'},
        h('h1', {id: 'conversation-title'}, c.title || 'Untitled conversation'),
        h('p', {class: 'muted'}, `Model ${c.model} · started ${formatTime(c.createdAt)}`),
        c.forkedFrom ? h('p', {class: 'fork-origin'}, 'Forked from ',
          h('a', {id: 'fork-origin', href: `#/c/${c.forkedFrom.conversationId}?leaf=${c.forkedFrom.messageId}`},
            this.sourceTitle ?? 'a conversation that is no longer available')) : null),
      h('div', {class: 'conversation-actions'},
        h('button', {type: 'button', id: 'rename', onclick: () => this.rename()}, 'Rename'),
        this.session.hasRole('tenant-admin')
          ? h('a', {class: 'button', href: `#/admin/audit/${c.id}`}, 'Audit') : null,
        h('button', {type: 'button', id: 'delete', class: 'danger', onclick: () => this.remove()}, 'Delete')));
  }

  replaceHeader() {
    const header = this.conversationHeader();
    this.header.replaceWith(header);
    this.header = header;
  }

  /**
   * Shows the branch ending at the leaf. Items already on the page that are unchanged stay (with any edit open in
   * them): the log is a live region, and rebuilding it would make screen readers read the whole conversation.
   */
  renderMessages(focusSwitcher) {
    const wanted = this.tree.path(this.leafId);
    const shown = [...this.log.children];
    let kept = 0;
    while (kept < shown.length && kept < wanted.length && shown[kept].dataset.id === wanted[kept].id
           && shown[kept].dataset.signature === this.signature(wanted[kept])) {
      kept++;
    }
    shown.slice(kept).forEach(item => item.remove());
    this.log.append(...wanted.slice(kept).map(message => this.messageItem(message)));
    if (focusSwitcher) {
      const nav = this.log.querySelector(`[data-id="${focusSwitcher.id}"] .branches`);
      const wantedButton = nav?.querySelector(`.branch-${focusSwitcher.direction}`);
      // At either end the arrow just used is disabled; the other one keeps the focus in the switcher.
      (wantedButton && !wantedButton.disabled ? wantedButton : nav?.querySelector('button:not(:disabled)'))?.focus();
    } else if (kept < wanted.length) {
      this.log.scrollTop = this.log.scrollHeight;
    }
  }

  /** What an item shows besides its id: when this changes, the item is drawn again. */
  signature(message) {
    const siblings = this.tree.siblings(message.id);
    return `${message.status}|${message.content.length}|${message.citations?.length}|`
      + `${siblings.findIndex(s => s.id === message.id)}/${siblings.length}`;
  }

  messageItem(message) {
    const siblings = this.tree.siblings(message.id);
    const index = siblings.findIndex(s => s.id === message.id);
    const switcher = siblings.length > 1 ? h('nav', {class: 'branches', 'aria-label': 'Branches'},
      h('button', {type: 'button', class: 'branch-previous ghost', 'aria-label': 'Previous branch',
        disabled: index === 0, onclick: () => this.switchTo(siblings[index - 1], 'previous')}, '‹'),
      h('span', {class: 'branch-position'}, `${index + 1}/${siblings.length}`),
      h('button', {type: 'button', class: 'branch-next ghost', 'aria-label': 'Next branch',
        disabled: index === siblings.length - 1, onclick: () => this.switchTo(siblings[index + 1], 'next')}, '›'))
      : null;
    const user = message.role === 'user';
    // A fork continues after a reply; from a question, it forks after the reply before it and the question
    // waits in the composer (a conversation cannot continue under an unanswered question).
    const forkable = this.session.hasRole('member', 'tenant-admin') && !ACTIVE.has(message.status)
      && (!user || message.parentId);
    const content = h('div', {class: 'content'});
    // The read model has a reply's text only once it has ended; until then the stream holds it.
    const live = this.streaming?.replyId === message.id ? this.streaming : null;
    content.append(renderReply(live ? live.text : message.content, live ? live.citations : message.citations));
    return h('li', {class: `message ${message.role}`, dataset: {id: message.id, role: message.role,
      status: message.status, signature: this.signature(message)},
    'aria-busy': ACTIVE.has(message.status) ? 'true' : null},
    h('div', {class: 'message-head'},
      h('span', {class: 'author'}, user ? 'You' : `Assistant · ${message.model ?? ''}`),
      statusBadge(message), switcher),
    content,
    h('div', {class: 'message-actions'},
      user ? h('button', {type: 'button', class: 'ghost edit', onclick: () => this.edit(message)}, 'Edit') : null,
      forkable ? h('button', {type: 'button', class: 'ghost fork', onclick: () => this.fork(message)},
        'Fork to new conversation') : null));
  }

  switchTo(sibling, direction) {
    this.leafId = this.tree.newestLeaf(sibling.id);
    this.rememberLeaf();
    this.renderMessages({id: sibling.id, direction});
    this.resumeActiveReply();
  }

  rememberLeaf() {
    history.replaceState(null, '', `#/c/${this.conversation.id}?leaf=${this.leafId}`);
  }

  /** Sends under the branch on screen; an edit sends under the edited message's parent, as a sibling. */
  async send(text, edited = null) {
    const content = text.trim();
    if (!content || this.sending) return;
    if (this.streaming) {
      this.notify.info('A reply is still being written: wait for it, or stop it with Esc.');
      return;
    }
    const conversationId = this.conversation.id;
    const leaf = this.tree.byId.get(this.leafId);
    // Under the reply on screen. A branch can also end in an unanswered question (a fork taken there through the
    // API): the conversation cannot go on under it, so the new message goes beside it, as an edit of it would.
    const under = edited ?? (leaf?.role === 'user' ? leaf : null);
    const parent = under ? (under.parentId ?? ROOT) : (leaf?.id ?? null);
    this.sending = true;
    this.setStreaming(this.streaming);
    let posted;
    try {
      posted = await this.post(conversationId,
        {content, parentMessageId: parent, clientMessageId: crypto.randomUUID()});
      if (posted.warning) this.usage.refresh();
      this.refreshList();
      const loaded = await this.fetchConversation(conversationId, posted.replyId);
      if (this.conversation?.id !== conversationId) return;
      if (!edited) this.input.value = '';
      this.accept(loaded);
      this.leafId = posted.replyId;
      this.rememberLeaf();
      this.renderMessages();
      this.follow(posted.replyId);
    } finally {
      this.sending = false;
      this.setStreaming(this.streaming);
      if (this.conversation?.id === conversationId) this.input.focus();
    }
  }

  /** A network failure is retried with the same clientMessageId, which the server accepts only once. */
  async post(conversationId, body) {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.session.fetch('POST', path`/api/v1/conversations/${conversationId}/messages`,
          {body});
        return {...await response.json(), warning: response.headers.get('X-Quota-Warning')};
      } catch (error) {
        if (error instanceof ApiError || attempt === 3) throw error;
        await new Promise(resolve => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  resumeActiveReply() {
    const leaf = this.tree.byId.get(this.leafId);
    if (leaf?.role === 'assistant' && ACTIVE.has(leaf.status) && this.streaming?.replyId !== leaf.id) {
      this.follow(leaf.id);
    }
  }

  follow(replyId) {
    this.stopFollowing();
    const conversationId = this.conversation.id;
    const controller = new AbortController();
    const streaming = {replyId, controller, text: '', frame: 0};
    this.setStreaming(streaming);
    const draw = () => {
      streaming.frame = 0;
      const content = this.log.querySelector(`[data-id="${replyId}"] .content`);
      if (!content) return;
      // Follows the reply down only for a reader at the bottom; one who scrolled up to read stays where they are.
      const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
      content.replaceChildren(renderReply(streaming.text, streaming.citations));
      if (atBottom) this.log.scrollTop = this.log.scrollHeight;
    };
    followReply(this.session, replyId, {
      signal: controller.signal,
      onDelta: text => {
        streaming.text += text;
        streaming.frame ||= requestAnimationFrame(draw);
      },
      onNotice: event => {
        if (event.name === 'quota') this.usage.refresh();
        if (event.name === 'citations') streaming.citations = event.data.citations;
      },
      onConnection: state => {
        this.connection.textContent = state === 'reconnecting' ? 'Connection lost, reconnecting…' : '';
      },
    }).then(async ended => {
      if (this.streaming !== streaming) return;
      if (ended.name === 'failed') this.notify.error(`The reply failed: ${ended.data.message}`);
      const loaded = await this.fetchConversation(conversationId, this.leafId);
      // Leaving the conversation ends the following (stopFollowing), so this is still the one on screen.
      if (this.streaming !== streaming) return;
      this.setStreaming(null);
      const wasInComposer = [document.body, this.input, this.stopButton].includes(document.activeElement);
      this.accept({...loaded, leafId: this.leafId});
      // The stream's end can arrive before the read model has it; the terminal event carries the final text.
      const reply = this.tree.byId.get(replyId);
      if (reply && ACTIVE.has(reply.status)) {
        reply.status = ended.name;
        reply.content = ended.data.content ?? ended.data.partialContent ?? streaming.text;
        reply.citations = streaming.citations;
      }
      this.renderMessages();
      this.usage.refresh();
      if (wasInComposer) this.input.focus();
    }).catch(error => {
      if (error.name === 'AbortError') return;
      if (this.streaming === streaming) this.setStreaming(null);
      this.notify.error(error);
    });
  }

  stopFollowing() {
    this.streaming?.controller.abort();
    this.streaming = null;
  }

  /** Records the reply being followed, and sets the controls from it and from a send in progress. */
  setStreaming(streaming) {
    this.streaming = streaming;
    if (!this.sendButton) return;
    this.sendButton.disabled = Boolean(streaming) || this.sending;
    this.stopButton.hidden = !streaming;
    if (!streaming) this.connection.textContent = '';
  }

  /** Stop ends the generation on the server; the stream then ends with the cancelled reply and what it kept. */
  async stop() {
    if (!this.streaming) return;
    try {
      await this.session.json('POST', path`/api/v1/replies/${this.streaming.replyId}/cancel`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) this.notify.error(error);
    }
    this.input.focus();
  }

  edit(message) {
    const item = this.log.querySelector(`[data-id="${message.id}"]`);
    const field = h('textarea', {class: 'edit-input', rows: 3, 'aria-label': 'Edit message'});
    field.value = message.content;
    const cancel = () => {
      item.replaceWith(this.messageItem(message));
      this.log.querySelector(`[data-id="${message.id}"] .edit`)?.focus();
    };
    const form = h('form', {class: 'edit-form'}, field,
      h('div', {class: 'composer-bar'},
        h('span', {class: 'muted'}, 'Sending starts a new branch; the original stays.'),
        h('button', {type: 'button', onclick: cancel}, 'Cancel'),
        h('button', {type: 'submit', class: 'primary'}, 'Send as new branch')));
    form.addEventListener('submit', event => {
      event.preventDefault();
      this.send(field.value, message).catch(error => this.notify.error(error));
    });
    field.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        cancel();
      }
    });
    item.querySelector('.content').replaceChildren(form);
    field.focus();
  }

  async fork(message) {
    const at = message.role === 'user' ? message.parentId : message.id;
    try {
      const {id} = await this.session.json('POST', path`/api/v1/conversations/${this.conversation.id}/fork`,
        {messageId: at});
      if (message.role === 'user') this.draft = message.content;
      await this.refreshList();
      location.hash = `#/c/${id}`;
    } catch (error) {
      this.notify.error(error);
    }
  }

  rename() {
    const field = h('input', {id: 'rename-input', 'aria-label': 'Conversation title', maxlength: 200});
    field.value = this.conversation.title ?? '';
    const cancel = () => {
      this.replaceHeader();
      this.header.querySelector('#rename').focus();
    };
    const form = h('form', {class: 'rename-form'}, field, h('button', {type: 'submit', class: 'primary'}, 'Save'),
      h('button', {type: 'button', onclick: cancel}, 'Cancel'));
    field.addEventListener('keydown', event => {
      if (event.key === 'Escape') {
        event.preventDefault();
        cancel();
      }
    });
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        const renamed = await this.session.json('PATCH', path`/api/v1/conversations/${this.conversation.id}`,
          {title: field.value});
        this.conversation.title = renamed.title;
        cancel();
        this.refreshList();
      } catch (error) {
        this.notify.error(error);
      }
    });
    this.header.querySelector('#conversation-title').replaceWith(form);
    field.focus();
  }

  async remove() {
    const {id, title} = this.conversation;
    try {
      await this.session.json('DELETE', path`/api/v1/conversations/${id}`);
    } catch (error) {
      this.notify.error(error);
      return;
    }
    this.stopFollowing();
    const restore = h('button', {type: 'button', id: 'restore', onclick: async () => {
      try {
        await this.session.json('POST', path`/api/v1/conversations/${id}/restore`);
        this.notify.clear();
        await this.refreshList();
        location.hash = `#/c/${id}`;
      } catch (error) {
        this.notify.error(error);
      }
    }}, 'Restore');
    this.notify.info(`“${title || 'Untitled conversation'}” was deleted.`, restore);
    await this.refreshList();
    location.hash = '#/';
  }
}

function statusBadge(message) {
  switch (message.status) {
    case 'failed':
      return h('span', {class: 'badge error'}, `failed${message.errorCode ? ': ' + message.errorCode : ''}`);
    case 'cancelled':
      return h('span', {class: 'badge'}, 'stopped');
    case 'requested':
    case 'streaming':
      return h('span', {class: 'badge live'}, 'writing…');
    default:
      return null;
  }
}

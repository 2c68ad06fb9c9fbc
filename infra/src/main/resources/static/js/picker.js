import {describe} from './api.js';
import {h, clear} from './dom.js';

/**
 * Chooses the knowledge bases a conversation draws on: a button naming how many are chosen, opening a list of
 * the bases the caller may read. {@code onChange} gets the new choice and may refuse it by throwing; the boxes
 * then go back to what was chosen before. The list is asked for on every opening, so a base made meanwhile shows.
 */
export class KnowledgePicker {
  constructor(session, {id, legend = 'Knowledge this conversation draws on', chosen = [], onChange = async () => {}}) {
    this.session = session;
    this.legend = legend;
    this.ids = [...chosen];
    this.onChange = onChange;
    this.toggle = h('button', {type: 'button', id: `${id}-toggle`, class: 'picker-toggle',
      'aria-expanded': 'false', 'aria-controls': id, onclick: () => this.setOpen(this.panel.hidden)});
    this.panel = h('fieldset', {id, class: 'picker-panel', hidden: true});
    this.element = h('div', {class: 'knowledge-picker'}, this.toggle, this.panel);
    this.element.addEventListener('keydown', event => {
      if (event.key === 'Escape' && !this.panel.hidden) {
        event.preventDefault();
        this.setOpen(false);
        this.toggle.focus();
      }
    });
    this.element.addEventListener('focusout', event => {
      if (!this.element.contains(event.relatedTarget)) this.setOpen(false);
    });
    this.label();
  }

  chosen() {
    return [...this.ids];
  }

  label() {
    this.toggle.textContent = `Knowledge (${this.ids.length})`;
    this.toggle.setAttribute('aria-label', `${this.legend}: ${this.ids.length} chosen`);
  }

  async setOpen(open) {
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (!open) return;
    clear(this.panel, h('legend', {}, this.legend), h('p', {class: 'muted'}, 'Loading…'));
    let page;
    try {
      page = await this.session.json('GET', '/api/v1/knowledge-bases');
    } catch (error) {
      clear(this.panel, h('legend', {}, this.legend), h('p', {class: 'form-error'}, describe(error)));
      return;
    }
    // A chosen base deleted since cannot be chosen again; the server draws on it no more either.
    this.ids = this.ids.filter(chosenId => page.items.some(base => base.id === chosenId));
    this.label();
    clear(this.panel, h('legend', {}, this.legend),
      page.items.length ? page.items.map(base => h('label', {class: 'checkbox'},
        h('input', {type: 'checkbox', value: base.id, checked: this.ids.includes(base.id),
          onchange: () => this.changed()}), base.name))
        : h('p', {class: 'muted'}, 'No knowledge bases yet: ', h('a', {href: '#/knowledge'}, 'create one'), '.'));
    this.panel.querySelector('input')?.focus();
  }

  async changed() {
    const boxes = [...this.panel.querySelectorAll('input[type=checkbox]')];
    const wanted = boxes.filter(box => box.checked).map(box => box.value);
    const error = this.panel.querySelector('.form-error') ?? h('p', {class: 'form-error', role: 'alert'});
    error.textContent = '';
    try {
      await this.onChange(wanted);
      this.ids = wanted;
    } catch (failure) {
      for (const box of boxes) box.checked = this.ids.includes(box.value);
      error.textContent = describe(failure);
      this.panel.append(error);
    }
    this.label();
  }
}

import {h} from './dom.js';

/**
 * Modal dialogs on the native <dialog>: it keeps the focus inside, closes on Esc and gives the focus back to where
 * it was. window.confirm would do the same but cannot be styled or themed, and it blocks the page's streams.
 */

/** Numbers the dialogs, for the ids their titles label them by. */
let opened = 0;

/** Shows a dialog with a title, the content and a Close button; resolves with the returnValue when it closes. */
export function openDialog({id, title, content, actions = []}) {
  const titleId = `dialog-title-${++opened}`;
  const close = h('button', {type: 'button', class: actions.length ? null : 'primary', value: 'close'},
    actions.length ? 'Cancel' : 'Close');
  const dialog = h('dialog', {class: 'dialog', id, 'aria-labelledby': titleId},
    h('div', {class: 'dialog-box'},
      h('h2', {id: titleId}, title),
      h('div', {class: 'dialog-body'}, content),
      h('div', {class: 'dialog-actions'}, close, actions)));
  for (const button of dialog.querySelectorAll('.dialog-actions button')) {
    button.addEventListener('click', () => dialog.close(button.value));
  }
  // Esc is taken here, so that the page's own Esc (the chat's stop) does not act on it as well.
  dialog.addEventListener('keydown', event => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    dialog.close('close');
  });
  // The box fills the dialog, so a click on the dialog itself is one on the backdrop around it.
  dialog.addEventListener('click', event => {
    if (event.target === dialog) dialog.close('close');
  });
  const closed = new Promise(resolve => dialog.addEventListener('close', () => {
    dialog.remove();
    resolve(dialog.returnValue);
  }));
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  return closed;
}

/** Asks before something that cannot be undone; the safe answer (Cancel) has the focus. Resolves true to go on. */
export async function confirmDialog({title, message, confirm}) {
  const answer = await openDialog({id: 'confirm-dialog', title, content: h('p', {}, message),
    actions: [h('button', {type: 'button', class: 'danger', id: 'confirm-action', value: 'confirm'}, confirm)]});
  return answer === 'confirm';
}

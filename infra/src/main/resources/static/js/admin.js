import {ApiError, describe, newest, path} from './api.js';
import {h, clear, formatNumber, formatTime, formatUsd} from './dom.js';
import {barChart} from './chart.js';
import {renderMarkdown} from './markdown.js';

const TABS = [
  {id: 'usage', label: 'Usage', roles: ['tenant-admin', 'platform-admin']},
  {id: 'abuse', label: 'Abuse signals', roles: ['tenant-admin', 'platform-admin']},
  {id: 'audit', label: 'Audit', roles: ['auditor', 'tenant-admin']},
];
/** Conversations per page of the audit's list. */
const AUDIT_PAGE = 50;
const METRICS = {
  costUsd: {label: 'Cost (USD)', format: formatUsd},
  tokens: {label: 'Tokens', format: value => formatNumber(value)},
  requests: {label: 'Requests', format: value => formatNumber(value)},
};

/**
 * The admin console: usage and billing export, abuse signals with suspend and reinstate, and the audit view of a
 * conversation (its events, the hash-chain verdict, and the tree as it was at any event). Each tab appears only
 * for the roles the API would serve it to; the API still decides.
 */
export class AdminView {
  constructor(session, {notify}) {
    this.session = session;
    this.notify = notify;
    this.usernames = null;
    this.next = {screen: newest(), usage: newest(), abuse: newest(), search: newest(), state: newest()};
    this.shown = null;
  }

  mount(main) {
    this.usernames = null; // whoever signed in now may see other users
    this.shown = null;
    this.tabs = TABS.filter(tab => this.session.hasRole(...tab.roles));
    this.nav = h('nav', {class: 'tabs', 'aria-label': 'Admin sections'},
      this.tabs.map(tab => h('a', {href: `#/admin/${tab.id}`, id: `tab-${tab.id}`, dataset: {tab: tab.id}},
        tab.label)));
    this.panel = h('section', {class: 'admin-panel', id: 'admin-panel'});
    clear(main, h('div', {class: 'admin'}, this.nav, this.panel));
  }

  async show({tab, id}) {
    const chosen = this.tabs.find(t => t.id === tab) ?? this.tabs[0];
    const shown = `${chosen.id}/${id ?? ''}`;
    if (shown === this.shown) return; // the same screen asked for again (#/admin is #/admin/usage, say)
    this.shown = shown;
    for (const link of this.nav.querySelectorAll('a')) {
      link.toggleAttribute('aria-current', link.dataset.tab === chosen.id);
    }
    const onScreen = this.next.screen();
    if (chosen.id === 'usage') return this.usage(onScreen);
    if (chosen.id === 'abuse') return this.abuse(onScreen);
    return this.audit(id, onScreen);
  }


  /** User ids to usernames, for tenant admins (the only ones the user list is served to); kept once fetched. */
  names() {
    if (!this.session.hasRole('tenant-admin')) return Promise.resolve(new Map());
    this.usernames ??= this.session.json('GET', '/api/v1/admin/users')
      .then(users => new Map(users.map(user => [user.userId, user.username])))
      .catch(() => {
        this.usernames = null;
        return new Map();
      });
    return this.usernames;
  }

  // ---- usage -------------------------------------------------------------------------------------------------

  async usage(onScreen) {
    const today = new Date().toISOString().slice(0, 10);
    const from = h('input', {type: 'date', id: 'usage-from', value: today.slice(0, 8) + '01'});
    const to = h('input', {type: 'date', id: 'usage-to', value: today});
    const groupBy = h('select', {id: 'usage-group'},
      h('option', {value: 'day'}, 'Day'), h('option', {value: 'user'}, 'User'), h('option', {value: 'model'}, 'Model'));
    const metric = h('select', {id: 'usage-metric'},
      Object.entries(METRICS).map(([value, {label}]) => h('option', {value}, label)));
    const result = h('div', {id: 'usage-result', 'aria-live': 'polite'});
    // A platform admin may look at any tenant; everyone else sees their own.
    const tenant = this.session.hasRole('platform-admin') ? await this.tenantPicker() : null;
    if (!onScreen()) return;
    const form = h('form', {class: 'toolbar'}, tenant ? labelled('Tenant', tenant) : null,
      labelled('From', from), labelled('To', to), labelled('Group by', groupBy), labelled('Show', metric),
      h('button', {type: 'submit', class: 'primary'}, 'Show usage'));
    const load = async () => {
      const latest = this.next.usage();
      const current = () => latest() && onScreen();
      try {
        const report = await this.session.json('GET', path`/api/v1/admin/usage?from=${from.value}&to=${to.value}`
          + path`&groupBy=${groupBy.value}` + (tenant ? path`&tenantId=${tenant.value}` : ''));
        const names = await this.names();
        // Controls changed meanwhile: a newer report is on its way, and this one no longer matches them.
        if (current()) this.renderUsage(result, report, metric.value, names);
      } catch (error) {
        if (current()) clear(result, h('p', {class: 'form-error', role: 'alert'}, describe(error)));
      }
    };
    form.addEventListener('submit', event => {
      event.preventDefault();
      load();
    });
    for (const control of [groupBy, metric, tenant].filter(Boolean)) control.addEventListener('change', load);
    clear(this.panel, h('h1', {}, 'Usage'), form, result, this.billingExport());
    await load();
  }

  /** Null when the tenants cannot be listed: the report is then of the admin's own tenant. */
  async tenantPicker() {
    const tenants = await this.session.json('GET', '/api/v1/admin/tenants').catch(() => []);
    if (!tenants.length) return null;
    const picker = h('select', {id: 'usage-tenant'}, tenants.map(t => h('option', {value: t.tenantId},
      `${t.name} (${t.tenantId})`)));
    picker.value = this.session.claims.tenant;
    return picker;
  }

  renderUsage(result, report, metric, names) {
    const {format, label} = METRICS[metric];
    const valueOf = usage => metric === 'tokens' ? usage.promptTokens + usage.completionTokens : Number(usage[metric]);
    const groupName = group => report.groupBy === 'user' ? (names.get(group) ?? group) : group;
    const rows = report.rows.map(row => ({label: groupName(row.group), value: valueOf(row.usage), usage: row.usage}));
    clear(result,
      rows.length ? barChart(rows, {title: `${label} by ${report.groupBy}, ${report.from} to ${report.to}`, format})
        : h('p', {class: 'muted'}, 'No usage in this period.'),
      h('table', {class: 'data', id: 'usage-table'},
        h('caption', {}, `Usage of ${report.tenantId} by ${report.groupBy}`),
        h('thead', {}, h('tr', {}, ['Group', 'Requests', 'Prompt tokens', 'Completion tokens', 'Cost']
          .map(text => h('th', {scope: 'col'}, text)))),
        h('tbody', {}, rows.map(row => h('tr', {},
          h('th', {scope: 'row'}, row.label),
          h('td', {}, formatNumber(row.usage.requests)),
          h('td', {}, formatNumber(row.usage.promptTokens)),
          h('td', {}, formatNumber(row.usage.completionTokens)),
          h('td', {}, formatUsd(row.usage.costUsd))))),
        h('tfoot', {}, h('tr', {}, h('th', {scope: 'row'}, 'Total'),
          h('td', {}, formatNumber(report.totals.requests)),
          h('td', {}, formatNumber(report.totals.promptTokens)),
          h('td', {}, formatNumber(report.totals.completionTokens)),
          h('td', {}, formatUsd(report.totals.costUsd))))));
  }

  /** The download is fetched with the bearer token (a plain link could not send it) and handed over as a file. */
  billingExport() {
    const month = h('input', {type: 'month', id: 'billing-month', value: new Date().toISOString().slice(0, 7)});
    const format = h('select', {id: 'billing-format'}, h('option', {value: 'csv'}, 'CSV'),
      h('option', {value: 'json'}, 'JSON'));
    const status = h('p', {class: 'muted', role: 'status', id: 'billing-status'});
    const form = h('form', {class: 'toolbar'}, labelled('Month', month), labelled('Format', format),
      h('button', {type: 'submit', id: 'billing-download'}, 'Download billing export'), status);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      status.textContent = 'Preparing…';
      try {
        const response = await this.session.fetch('GET',
          path`/api/v1/admin/billing/export?month=${month.value}&format=${format.value}`);
        const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1]
          ?? `colloquy-billing-${month.value}.${format.value}`;
        const url = URL.createObjectURL(await response.blob());
        const link = h('a', {href: url, download: name});
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        status.textContent = `Downloaded ${name}.`;
      } catch (error) {
        status.textContent = describe(error);
      }
    });
    return h('section', {class: 'card'}, h('h2', {}, 'Billing export'), form);
  }

  // ---- abuse -------------------------------------------------------------------------------------------------

  async abuse(onScreen) {
    const minScore = h('input', {type: 'number', id: 'abuse-min-score', min: 0, max: 100, value: 1});
    const result = h('div', {id: 'abuse-result'});
    const form = h('form', {class: 'toolbar'}, labelled('Minimum score', minScore),
      h('button', {type: 'submit', class: 'primary'}, 'Show'));
    const load = async () => {
      const latest = this.next.abuse();
      const current = () => latest() && onScreen();
      try {
        const {users} = await this.session.json('GET',
          path`/api/v1/admin/abuse-signals?minScore=${minScore.value}`);
        const names = await this.names();
        if (current()) this.renderAbuse(result, users, names);
      } catch (error) {
        if (current()) clear(result, h('p', {class: 'form-error', role: 'alert'}, describe(error)));
      }
    };
    form.addEventListener('submit', event => {
      event.preventDefault();
      load();
    });
    clear(this.panel, h('h1', {}, 'Abuse signals'), form, result);
    await load();
  }

  renderAbuse(result, users, names) {
    if (!users.length) {
      clear(result, h('p', {class: 'muted'}, 'No user has a score at this level.'));
      return;
    }
    const canAct = this.session.hasRole('tenant-admin');
    // A platform admin sees every tenant's users; restricting them is their tenant admins' call.
    const everyTenant = this.session.hasRole('platform-admin');
    clear(result, h('table', {class: 'data', id: 'abuse-table'},
      h('caption', {}, 'Users by abuse score, highest first'),
      h('thead', {}, h('tr', {}, ['User', everyTenant ? 'Tenant' : null, 'Score', 'Reasons', 'Restriction',
        canAct ? 'Action' : null].filter(Boolean).map(text => h('th', {scope: 'col'}, text)))),
      h('tbody', {}, users.map(user => h('tr', {dataset: {user: user.userId}},
        h('th', {scope: 'row'}, names.get(user.userId) ?? user.userId),
        everyTenant ? h('td', {}, user.tenantId) : null,
        h('td', {class: 'score'}, String(user.score)),
        h('td', {}, h('ul', {class: 'reasons'}, user.reasons.map(reason => h('li', {},
          `${reason.signal} (+${reason.points})`, reason.detail ? `: ${reason.detail}` : '')))),
        h('td', {class: 'restriction'}, user.restriction
          ? `${user.restriction.mode} since ${formatTime(user.restriction.since)}: ${user.restriction.reason}`
          : 'none'),
        canAct ? h('td', {}, this.restrictionControls(user, () => this.renderAbuse(result, users, names)))
          : null)))));
  }

  /**
   * The restriction is changed by a command and shown from its answer at once: the signals listing is a projection
   * and may show the change a moment later.
   */
  restrictionControls(user, changed) {
    const reason = h('input', {'aria-label': 'Reason', placeholder: 'Reason', class: 'reason', maxlength: 500});
    const act = action => async () => {
      try {
        const answer = await this.session.json('POST', path`/api/v1/admin/users/${user.userId}/${action}`,
          action === 'reinstate' ? undefined : {reason: reason.value || undefined});
        user.restriction = answer.restriction
          ? {mode: answer.restriction, reason: answer.reason, since: new Date().toISOString()} : null;
        this.notify.info({reinstate: 'The user is reinstated.', suspend: 'The user is suspended.',
          throttle: 'The user is throttled.'}[action]);
        changed();
      } catch (error) {
        this.notify.error(error);
      }
    };
    return user.restriction
      ? h('button', {type: 'button', class: 'reinstate', onclick: act('reinstate')}, 'Reinstate')
      : h('div', {class: 'actions'}, reason,
        h('button', {type: 'button', class: 'danger suspend', onclick: act('suspend')}, 'Suspend'),
        h('button', {type: 'button', class: 'throttle', onclick: act('throttle')}, 'Throttle'));
  }

  // ---- audit -------------------------------------------------------------------------------------------------

  async audit(conversationId, onScreen) {
    const view = h('div', {id: 'audit-view'});
    clear(this.panel, h('h1', {}, 'Audit'), conversationId
      ? h('p', {}, h('a', {href: '#/admin/audit', id: 'audit-back'}, '‹ All conversations')) : null, view);
    if (!conversationId) return this.auditSearch(view, onScreen);
    let events, verdict;
    try {
      [events, verdict] = await Promise.all([
        this.session.json('GET', path`/api/v1/audit/conversations/${conversationId}/events`),
        this.session.json('GET', path`/api/v1/audit/conversations/${conversationId}/verify`)]);
    } catch (error) {
      if (onScreen()) {
        clear(view, h('p', {class: 'form-error', role: 'alert'},
          error instanceof ApiError && error.status === 404 ? 'No conversation of your organisation has this id.'
            : describe(error)));
      }
      return;
    }
    const names = await this.names();
    if (onScreen()) this.renderAudit(view, conversationId, events.events, verdict, names);
  }

  /** The tenant's conversations, deleted and erased ones included; every search is itself an audit read. */
  async auditSearch(view, onScreen) {
    const text = h('input', {type: 'search', id: 'audit-search', placeholder: 'Title contains', maxlength: 200});
    const result = h('div', {id: 'audit-conversations'});
    const form = h('form', {class: 'toolbar'}, labelled('Title', text),
      h('button', {type: 'submit', class: 'primary'}, 'Find conversations'));
    const rows = h('tbody');
    const caption = h('caption');
    const more = h('button', {type: 'button', id: 'audit-more'}, 'Show more');
    let query = '';
    let offset = 0;
    const load = async fresh => {
      const latest = this.next.search();
      if (fresh) {
        query = text.value.trim();
        offset = 0;
      }
      try {
        const page = await this.session.json('GET', `/api/v1/audit/conversations?limit=${AUDIT_PAGE}`
          + path`&offset=${offset}` + (query ? path`&q=${query}` : ''));
        const names = await this.names();
        if (!latest() || !onScreen()) return;
        if (fresh) rows.replaceChildren();
        rows.append(...page.items.map(c => h('tr', {dataset: {id: c.id}},
          h('th', {scope: 'row'}, h('a', {href: `#/admin/audit/${c.id}`},
            c.erased ? '[erased]' : c.title || 'Untitled conversation')),
          h('td', {}, names.get(c.ownerId) ?? c.ownerId),
          h('td', {}, formatNumber(c.messageCount)),
          h('td', {}, formatTime(c.updatedAt)),
          h('td', {}, c.erased ? 'erased' : c.deleted ? 'deleted' : c.forkedFrom ? 'fork' : 'active'))));
        offset += page.items.length;
        caption.textContent = `${offset} of ${page.total} conversation${page.total === 1 ? '' : 's'} of your `
          + 'organisation, newest activity first';
        more.hidden = offset >= page.total;
        const head = h('thead', {}, h('tr', {}, ['Conversation', 'Owner', 'Messages', 'Last activity', 'State']
          .map(label => h('th', {scope: 'col'}, label))));
        clear(result, page.total ? h('table', {class: 'data', id: 'audit-table'}, caption, head, rows)
          : h('p', {class: 'muted'}, 'No conversation matches.'), more);
      } catch (error) {
        if (latest() && onScreen()) clear(result, h('p', {class: 'form-error', role: 'alert'}, describe(error)));
      }
    };
    form.addEventListener('submit', event => {
      event.preventDefault();
      load(true);
    });
    more.addEventListener('click', () => load(false));
    clear(view, h('p', {class: 'muted'}, 'Every read of audit data, this list included, is itself recorded.'),
      form, result);
    await load(true);
  }

  renderAudit(view, conversationId, events, verdict, names) {
    const verdictBox = h('p', {id: 'chain-verdict', class: `verdict ${verdict.valid ? 'valid' : 'broken'}`,
      role: 'status'},
    verdict.valid ? `Hash chain verified: all ${verdict.events} events are intact.`
      : `Hash chain broken at event ${verdict.firstBrokenSeq} (${verdict.problem}).`);
    const slider = h('input', {type: 'range', id: 'audit-slider', min: 0, max: events.length - 1,
      value: events.length - 1, step: 1, 'aria-label': 'Event to show the conversation at',
      'aria-describedby': 'audit-point'});
    const point = h('p', {id: 'audit-point', class: 'muted'});
    const state = h('div', {id: 'audit-state', class: 'audit-state', 'aria-live': 'polite'});
    const timeline = h('ol', {class: 'timeline', id: 'audit-timeline'}, events.map((event, index) =>
      h('li', {dataset: {seq: event.sequence, index},
        class: verdict.firstBrokenSeq === event.sequence ? 'broken' : null},
        h('button', {type: 'button', class: 'ghost', onclick: () => {
          slider.value = String(index);
          slider.dispatchEvent(new Event('input'));
        }},
        h('span', {class: 'seq'}, `#${event.sequence}`), ' ',
        h('span', {class: 'type'}, event.type), ' ',
        h('span', {class: 'muted', title: event.actor ?? ''},
          `${formatTime(event.timestamp)} · ${actorName(event.actor, names)}`)),
        h('code', {class: 'hash', title: event.hash}, event.hash?.slice(0, 12) ?? ''))));
    let timer = 0;
    const showAt = async () => {
      const event = events[Number(slider.value)];
      point.textContent = `Event ${Number(slider.value) + 1} of ${events.length}: #${event.sequence} ${event.type}, `
        + formatTime(event.timestamp);
      for (const item of timeline.children) {
        item.toggleAttribute('aria-current', item.dataset.seq === String(event.sequence));
      }
      const latest = this.next.state();
      try {
        const at = await this.session.json('GET',
          path`/api/v1/audit/conversations/${conversationId}/state?atSeq=${event.sequence}`);
        if (latest()) renderState(state, at);
      } catch (error) {
        if (latest()) clear(state, h('p', {class: 'form-error', role: 'alert'}, describe(error)));
      }
    };
    // Each position asked for is an audit read the server records, so a drag asks only where it rests.
    slider.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(showAt, 200);
    });
    clear(view, verdictBox,
      h('div', {class: 'audit-grid'},
        h('section', {'aria-label': 'Events'}, h('h2', {}, `Events (${events.length})`), timeline),
        h('section', {'aria-label': 'Conversation at the chosen event'},
          h('h2', {}, 'Time travel'), slider, point, state)));
    showAt();
  }
}

function renderState(container, at) {
  const c = at.conversation;
  const byParent = new Map();
  for (const message of c.messages) {
    const key = message.parentId ?? '';
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(message);
  }
  const branch = parent => {
    const children = byParent.get(parent) ?? [];
    return children.length ? h('ul', {class: 'tree'}, children.map(message => h('li', {dataset: {id: message.id}},
      h('div', {class: `tree-node ${message.role}`},
        h('span', {class: 'author'}, message.role === 'user' ? 'User' : `Assistant (${message.status})`),
        h('div', {class: 'content'}, renderMarkdown(message.content))),
      branch(message.id)))) : null;
  };
  clear(container,
    h('p', {}, h('strong', {}, c.title || 'Untitled conversation'),
      ` · ${c.messages.length} message${c.messages.length === 1 ? '' : 's'} · as of ${formatTime(at.at)}`,
      at.deleted ? ' · deleted' : ''),
    branch('') ?? h('p', {class: 'muted'}, 'No messages yet at this point.'));
  container.dataset.sequence = at.sequence;
  container.dataset.messages = c.messages.length;
}

/** Tenant admins see who acted by name; auditors, who cannot list users, by the start of the id. */
function actorName(actor, names) {
  if (!actor) return 'system';
  return names.get(actor) ?? actor.slice(0, 8) + '…';
}

function labelled(text, control) {
  control.id ||= 'field-' + Math.random().toString(36).slice(2);
  return h('span', {class: 'field'}, h('label', {for: control.id}, text), control);
}

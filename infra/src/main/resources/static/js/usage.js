import {h, clear, formatNumber, formatUsd, formatTime} from './dom.js';

/** The first limit of each list the plan sets is the one shown for that period. */
const SHOWN = {
  day: ['tokens-per-day', 'cost-per-day', 'messages-per-day'],
  month: ['tokens-per-month', 'cost-per-month'],
};

/**
 * The caller's usage today and this month against the plan (GET /api/v1/usage/me), and the soft-limit warning
 * the quota gives before a hard limit refuses messages.
 */
export class UsageMeter {
  constructor(session, element) {
    this.session = session;
    this.element = element;
  }

  hide() {
    this.element.hidden = true;
  }

  async refresh() {
    let usage;
    try {
      usage = await this.session.json('GET', '/api/v1/usage/me');
    } catch {
      return; // the meter is informative; a failed refresh leaves the last figures in place
    }
    const items = Object.entries(SHOWN).map(([period, names]) => {
      const limit = names.map(name => usage.limits.find(l => l.limit === name)).find(Boolean);
      return item(period === 'day' ? 'Today' : 'This month', usage.periods[period], limit);
    });
    const warnings = usage.warnings.map(w => h('p', {class: 'usage-warning', role: 'status'},
      `${w.percent}% of your ${w.scope === 'tenant' ? "organisation's " : ''}${w.limit} quota used; `
      + `it resets ${formatTime(w.resetsAt)}.`));
    clear(this.element, ...items, ...warnings);
    this.element.dataset.plan = usage.plan;
    this.element.hidden = false;
  }
}

function item(label, period, limit) {
  if (!limit) {
    return h('div', {class: 'usage-item'}, h('span', {class: 'usage-label'}, label),
      `${formatNumber(period?.messages)} messages`);
  }
  const used = Number(limit.used);
  const max = Number(limit.value);
  const unit = limit.limit.split('-per-')[0];
  const shown = unit === 'cost' ? `${formatUsd(used)} / ${formatUsd(max)}`
    : `${formatNumber(used)} / ${formatNumber(max)} ${unit}`;
  return h('div', {class: 'usage-item', dataset: {limit: limit.limit}},
    h('span', {class: 'usage-label'}, label),
    h('meter', {min: 0, max, value: Math.min(used, max), low: max * 0.8, high: max * 0.95, optimum: 0,
      'aria-label': `${label}: ${shown}`}),
    h('span', {class: 'usage-figures'}, shown));
}

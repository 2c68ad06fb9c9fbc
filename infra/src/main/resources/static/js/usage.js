import {h, clear, formatNumber, formatUsd, formatTime} from './dom.js';

const PERIODS = {day: 'Today', month: 'This month'};

/**
 * The caller's usage today and this month against the plan (GET /api/v1/usage/me), and the soft-limit warning
 * the quota gives before a hard limit refuses messages.
 */
export class UsageMeter {
  constructor(session, element, warning) {
    this.session = session;
    this.element = element;
    this.warning = warning;
  }

  hide() {
    this.element.hidden = true;
    this.warning.hidden = true;
  }

  async refresh() {
    let usage;
    try {
      usage = await this.session.json('GET', '/api/v1/usage/me');
    } catch {
      return; // the meter is informative; a failed refresh leaves the last figures in place
    }
    // Of a period's limits, the one nearest to being reached is shown: that is the one that will refuse first.
    const items = Object.entries(PERIODS).map(([period, label]) => {
      const nearest = usage.limits.filter(l => l.limit.endsWith('-per-' + period))
        .sort((a, b) => b.used / b.value - a.used / a.value)[0];
      return item(label, usage.periods[period], nearest);
    });
    clear(this.element, ...items);
    clear(this.warning, ...usage.warnings.map(w => h('p', {},
      `${w.percent}% of your ${w.scope === 'tenant' ? "organisation's " : ''}${w.limit} quota used; `
      + `it resets ${formatTime(w.resetsAt)}.`)));
    this.warning.hidden = usage.warnings.length === 0;
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

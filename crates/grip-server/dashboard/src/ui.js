// Shared pieces of the dashboard: the API client, the hash router's parameters, DOM helpers,
// the tooltip, number formats and the colour scales every view uses.
import * as d3 from 'd3';

/** Calls the public API; throws an Error with the server's message on failure. */
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body?.message ?? `${response.status} ${response.statusText}`);
    error.code = body?.code;
    throw error;
  }
  return body;
}

/** The current route: view name, path parts after it, and query parameters. */
export function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean);
  return { view: parts[0] || 'graph', parts: parts.slice(1), params: new URLSearchParams(query) };
}

/** Navigates to a view with parameters (empty ones dropped). */
export function go(view, params = {}, parts = []) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, value);
  }
  const path = [view, ...parts].join('/');
  const next = `#/${path}${query.toString() ? `?${query}` : ''}`;
  if (location.hash !== next) location.hash = next;
}

/** Creates an element: el('div', {class: 'x', onclick: f}, child, 'text', ...). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A labelled form control. */
export function field(label, control) {
  return el('label', { class: 'field' }, el('span', {}, label), control);
}

/** A date input bound to a route parameter. */
export function dateInput(name, value, onChange) {
  return el('input', { type: 'date', name, value: value ?? '', onchange: (event) => onChange(event.target.value) });
}

/** A select with [value, label] options. */
export function select(name, options, value, onChange) {
  return el(
    'select',
    { name, onchange: (event) => onChange(event.target.value) },
    options.map(([optionValue, label]) => el('option', { value: optionValue, selected: optionValue === value }, label)),
  );
}

/** A message in place of a view's content. */
export function notice(text, kind = 'info') {
  return el('div', { class: `notice ${kind}` }, text);
}

const tooltip = () => document.getElementById('tooltip');

/** Shows the tooltip near the pointer, with content built by the caller (nodes or text). */
export function showTooltip(event, ...content) {
  const tip = tooltip();
  tip.replaceChildren(...content.flat().map((part) => (part instanceof Node ? part : document.createTextNode(part))));
  tip.hidden = false;
  const pad = 14;
  const { innerWidth, innerHeight } = window;
  const rect = tip.getBoundingClientRect();
  let x = event.clientX + pad;
  let y = event.clientY + pad;
  if (x + rect.width > innerWidth - 8) x = event.clientX - rect.width - pad;
  if (y + rect.height > innerHeight - 8) y = event.clientY - rect.height - pad;
  tip.style.left = `${Math.max(4, x)}px`;
  tip.style.top = `${Math.max(4, y)}px`;
}

export function hideTooltip() {
  tooltip().hidden = true;
}

/** A tooltip row: a bold key and its value. */
export function row(key, value) {
  return el('div', { class: 'tip-row' }, el('b', {}, key), ' ', value ?? '—');
}

export const fmt = {
  int: d3.format(','),
  num: d3.format(',.1f'),
  signed: d3.format('+,.1f'),
  pct: d3.format('.1%'),
  share: (value) => (value === null || value === undefined ? '—' : d3.format('.1%')(value)),
  balance: d3.format('+.2f'),
};

/** Conflict (−1) to cooperation (+1): red through a muted gold (visible on white) to green. */
export const balanceColor = d3.scaleDiverging([-1, 0, 1], d3.interpolateRgbBasis(['#b71c1c', '#e0752d', '#c2a23a', '#7cb342', '#1b5e20']));

/** The same colour, dark enough for text. */
export const balanceText = (value) => d3.color(balanceColor(value)).darker(0.6).formatHex();

/** Quad classes: verbal cooperation, material cooperation, verbal conflict, material conflict. */
export const QUADS = [
  { key: 0, name: 'Verbal cooperation', short: 'verbal coop', color: '#8cc084' },
  { key: 1, name: 'Material cooperation', short: 'material coop', color: '#2e7d32' },
  { key: 2, name: 'Verbal conflict', short: 'verbal conflict', color: '#f0a35e' },
  { key: 3, name: 'Material conflict', short: 'material conflict', color: '#c62828' },
];

/** The window parameters shared by the corpus views. */
export function windowParams(params) {
  return { since: params.get('since') || '', until: params.get('until') || '', origin: params.get('origin') || 'all' };
}

/** Controls for since / until / origin that update the route. */
export function windowControls(view, params) {
  const current = Object.fromEntries(params.entries());
  const update = (key) => (value) => go(view, { ...current, [key]: value });
  return [
    field('From', dateInput('since', params.get('since'), update('since'))),
    field('To', dateInput('until', params.get('until'), update('until'))),
    field(
      'Events',
      select(
        'origin',
        [
          ['all', 'grip + GDELT'],
          ['grip', 'grip (articles)'],
          ['gdelt', 'GDELT'],
        ],
        params.get('origin') || 'all',
        update('origin'),
      ),
    ),
  ];
}

/** A one-line description of an event row from /v1/events. */
export function eventLine(event) {
  const side = (value) => value?.name || value?.actor || '?';
  return `${side(event.source)} → ${side(event.target)}`;
}

/** A list of events from /v1/events, for side panels. */
export function eventList(items) {
  if (!items.length) return notice('No events.');
  return el(
    'ol',
    { class: 'events', 'data-testid': 'event-list' },
    items.map((event) =>
      el(
        'li',
        { class: `event quad-${event.quad}` },
        el(
          'div',
          { class: 'event-head' },
          el('span', { class: 'date' }, event.date),
          el('span', { class: `code quad-${event.quad}`, title: event.code_name ?? '' }, event.code),
          el('span', { class: 'code-name' }, event.code_name ?? ''),
          el('span', { class: 'goldstein' }, fmt.signed(event.goldstein)),
        ),
        el(
          'div',
          { class: 'event-body' },
          el('span', { class: 'who' }, eventLine(event)),
          event.modality !== 'asserted' ? el('span', { class: 'modality' }, event.modality) : null,
          el('span', { class: `origin origin-${event.origin}` }, event.origin),
        ),
        event.sentence
          ? el(
              'div',
              { class: 'event-evidence' },
              '“',
              event.sentence,
              '” ',
              el('a', { href: `#/documents/${event.document_id}` }, 'document'),
              el('span', { class: 'rule' }, ` rule ${event.rule}`),
            )
          : null,
        event.origin === 'gdelt'
          ? el(
              'div',
              { class: 'event-evidence' },
              [event.source?.gdelt_name, event.target?.gdelt_name].filter(Boolean).join(' → '),
              event.place ? ` · ${event.place}` : '',
              event.url ? ' · ' : '',
              event.url ? el('a', { href: event.url, target: '_blank', rel: 'noopener noreferrer' }, hostOf(event.url)) : null,
            )
          : null,
      ),
    ),
  );
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return 'source';
  }
}

// The forecast tracker: every prediction found in the documents, who holds it, how sure they
// are, and whether later events (grip's or GDELT's) confirmed or contradicted it.
import { api, el, field, fmt, go, notice, select } from './ui.js';

const STATUS = {
  confirmed: ['confirmed', 'A matching event followed within the horizon.'],
  not_yet: ['not yet', 'Nothing decisive so far.'],
  contradicted: ['contradicted', 'A denial or an opposite material event followed.'],
  untracked: ['untracked', 'The prediction names no event between two parties, so no event can settle it.'],
};

export async function renderForecasts(container, { params }, stale) {
  const status = params.get('status') || '';
  const horizon = params.get('horizon') || '365';
  const current = Object.fromEntries(params.entries());
  const update = (key) => (value) => go('forecasts', { ...current, [key]: value });
  container.append(
    el('div', { class: 'view-head' },
      el('h1', {}, 'Forecast tracker'),
      el('p', { class: 'lede' }, 'Predictions in the documents, with their holder and certainty, checked against the events stored after them between the same parties.'),
    ),
    el('div', { class: 'controls' },
      field('Status', select('status', [['', 'all'], ['confirmed', 'confirmed'], ['not_yet', 'not yet'], ['contradicted', 'contradicted'], ['untracked', 'untracked']], status, update('status'))),
      field('Horizon', select('horizon', [['90', '90 days'], ['180', '180 days'], ['365', '1 year'], ['730', '2 years'], ['1825', '5 years']], horizon, update('horizon'))),
    ),
  );
  const shown = await api('/v1/forecasts', { horizon, status, limit: 500 });
  if (stale()) return;
  const count = (key) => shown.counts[key] ?? 0;
  container.append(
    el('div', { class: 'summary', 'data-testid': 'forecast-summary' },
      el('div', { class: 'stat' }, el('b', {}, fmt.int(shown.n_predictions)), ' predictions'),
      el('div', { class: 'stat' }, el('b', {}, fmt.int(shown.n_tracked)), ' with a checkable event'),
      Object.entries(STATUS).map(([key, [label]]) => el('div', { class: `stat status-${key}` }, el('b', {}, fmt.int(count(key))), ` ${label}`)),
      el('div', { class: 'stat muted' }, `checked against events up to ${shown.as_of}`),
    ),
  );
  if (!shown.items.length) {
    container.append(notice(shown.n_predictions ? 'No predictions with this status.' : 'No predictions in the store yet.'));
    return;
  }
  container.append(
    el('table', { class: 'forecasts', 'data-testid': 'forecast-table' },
      el('thead', {}, el('tr', {}, ['Date', 'Holder', 'Prediction', 'Certainty', 'Status', 'Evidence', 'Source'].map((name) => el('th', {}, name)))),
      el('tbody', {}, shown.items.map((item) => {
        const forecast = item.forecast;
        return el('tr', { 'data-testid': 'forecast-row', 'data-status': item.status },
          el('td', { class: 'nowrap' }, item.date),
          el('td', {}, item.holder === 'author' ? el('span', { class: 'muted' }, 'the author') : item.holder),
          el('td', {},
            el('div', { class: 'claim-text' }, `“${item.text}”`),
            forecastLine(forecast)),
          el('td', {}, certainty(item.certainty)),
          el('td', {}, el('span', { class: `badge status-${item.status}`, title: STATUS[item.status]?.[1] ?? '' }, STATUS[item.status]?.[0] ?? item.status),
            item.expired ? el('span', { class: 'badge expired', title: 'The horizon has passed.' }, 'expired') : null,
            item.matching_events ? el('div', { class: 'muted small' }, `${item.matching_events} matching event${item.matching_events === 1 ? '' : 's'}`) : null),
          el('td', {}, item.evidence
            ? [el('div', {}, `${item.evidence.date} · `, el('span', { class: 'code' }, item.evidence.code), ` ${item.evidence.code_name ?? ''}`),
              el('div', { class: 'muted small' }, item.evidence.url ? el('a', { href: item.evidence.url, target: '_blank', rel: 'noopener noreferrer' }, item.evidence.event) : item.evidence.event)]
            : el('span', { class: 'muted' }, '—')),
          el('td', {}, el('a', { href: `#/documents/${item.document_id}` }, item.document_title || item.document_external_id.split('/').pop())),
        );
      })),
    ),
  );
}

function forecastLine(forecast) {
  if (!forecast) return el('div', { class: 'forecast-line muted' }, 'names no event');
  const side = (name, actor) => el('b', {}, name ?? (actor || '?'));
  return el('div', { class: 'forecast-line' },
    side(forecast.source_name, forecast.source_actor), forecast.negated ? ' will not → ' : ' → ', side(forecast.target_name, forecast.target_actor),
    ': ', el('span', { class: 'code' }, forecast.code), ` ${forecast.code_name ?? ''}`,
    el('span', { class: 'muted' }, ` (${forecast.modality})`));
}

function certainty(level) {
  const rank = { doubtful: 1, possible: 2, probable: 3, certain: 4 }[level] ?? 0;
  return el('span', { class: 'certainty', title: level },
    el('span', { class: 'pips' }, [1, 2, 3, 4].map((pip) => el('i', { class: pip <= rank ? 'on' : '' }))),
    ` ${level}`);
}

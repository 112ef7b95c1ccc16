// The dashboard's entry: a hash router over five views, each drawn from the public HTTP API
// only (/v1/...), plus the store's status in the top bar.
import './style.css';
import { api, el, fmt, hideTooltip, notice, route } from './ui.js';
import { renderGraph } from './graph.js';
import { renderTimeline } from './timeline.js';
import { renderMap } from './map.js';
import { renderDocuments } from './documents.js';
import { renderForecasts } from './forecasts.js';

const VIEWS = {
  graph: renderGraph,
  timeline: renderTimeline,
  map: renderMap,
  documents: renderDocuments,
  forecasts: renderForecasts,
};

let generation = 0;

async function render() {
  const current = route();
  const view = VIEWS[current.view] ? current.view : 'graph';
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('active', link.dataset.view === view);
  }
  hideTooltip();
  const main = document.getElementById('view');
  const mine = ++generation;
  const container = el('section', { class: `view view-${view}`, 'data-testid': `view-${view}` });
  main.replaceChildren(container);
  try {
    // A view checks `stale()` after each await, so that a quick second navigation wins.
    await VIEWS[view](container, current, () => mine !== generation);
  } catch (error) {
    if (mine === generation) container.append(notice(`Could not load this view: ${error.message}`, 'error'));
  }
  if (mine === generation) container.dataset.ready = 'true';
}

async function status() {
  const target = document.getElementById('status');
  try {
    const health = await api('/v1/health');
    target.replaceChildren(
      el('span', {}, `${fmt.int(health.documents)} documents`),
      el('span', {}, `${fmt.int(health.events)} grip events`),
      el('span', {}, `${fmt.int(health.gdelt_events)} GDELT events`),
      el('span', { class: health.read_only ? 'ro' : 'rw', title: `KB ${health.kb_version}` }, health.read_only ? 'read-only' : 'writable'),
      el('a', { href: '/openapi.json', target: '_blank' }, 'API'),
    );
  } catch (error) {
    target.replaceChildren(el('span', { class: 'error' }, `API unavailable: ${error.message}`));
  }
}

window.addEventListener('hashchange', render);
status();
render();

// The map of the post-Soviet space shaded by the grip index of one patron: each of the fifteen
// successor states coloured by the patron's share of its weighted interactions (overall or by
// dimension). Country shapes come from world-atlas (Natural Earth 1:110m, ISO numeric ids).
import * as d3 from 'd3';
import { feature } from 'topojson-client';
import atlasUrl from 'world-atlas/countries-110m.json?url';
import { api, el, field, fmt, go, hideTooltip, notice, row, select, showTooltip, windowControls, windowParams } from './ui.js';

const PATRONS = [
  ['RUS', 'Russia'],
  ['CHN', 'China'],
  ['USA', 'United States'],
  ['TUR', 'Turkey'],
  ['IRN', 'Iran'],
  ['IGOEEC', 'European Union'],
  ['DEU', 'Germany'],
  ['FRA', 'France'],
  ['GBR', 'United Kingdom'],
  ['IND', 'India'],
  ['AZE', 'Azerbaijan'],
  ['UKR', 'Ukraine'],
];

const DIMENSIONS = [
  ['overall', 'overall'],
  ['security', 'security'],
  ['economic', 'economic'],
  ['political', 'political'],
];

let atlas;

async function loadAtlas() {
  atlas ??= fetch(atlasUrl).then((response) => response.json());
  return atlas;
}

export async function renderMap(container, { params }, stale) {
  const window_ = windowParams(params);
  const patron = (params.get('patron') || 'RUS').toUpperCase();
  const dimension = params.get('dimension') || 'overall';
  const current = Object.fromEntries(params.entries());
  const update = (key) => (value) => go('map', { ...current, [key]: value });
  const patrons = PATRONS.some(([code]) => code === patron) ? PATRONS : [[patron, patron], ...PATRONS];

  container.append(
    el('div', { class: 'view-head' },
      el('h1', {}, 'Grip on the post-Soviet space'),
      el('p', { class: 'lede' }, 'Each successor state of the USSR shaded by the grip index of the chosen patron: the patron’s share of the state’s |Goldstein|-weighted interactions with everyone. Click a country for the pair’s timeline.'),
    ),
    el('div', { class: 'controls' },
      field('Patron', select('patron', patrons, patron, update('patron'))),
      field('Dimension', select('dimension', DIMENSIONS, dimension, update('dimension'))),
      windowControls('map', params),
    ),
  );
  const [topology, countries, influence] = await Promise.all([
    loadAtlas(),
    api('/v1/actors', { kind: 'country', region: 'post-soviet', limit: 100 }),
    api('/v1/influence', { patron, interval: 'month', ...window_ }),
  ]);
  if (stale()) return;
  const members = new Map(countries.items.map((country) => [country.numeric?.padStart(3, '0'), country]));
  const rows = new Map(influence.patrons.map((row_) => [row_.target, row_]));
  const value = (code) => {
    const row_ = rows.get(code);
    if (!row_) return null;
    return dimension === 'overall' ? row_.grip : row_.grip_by_dimension[dimension];
  };
  const patronName = patrons.find(([code]) => code === patron)?.[1] ?? patron;

  const layout = el('div', { class: 'split' });
  const canvas = el('div', { class: 'canvas' });
  const panel = el('aside', { class: 'panel', 'data-testid': 'map-panel' });
  layout.append(canvas, panel);
  container.append(layout);

  const world = feature(topology, topology.objects.countries);
  const region = { type: 'FeatureCollection', features: world.features.filter((shape) => members.has(shape.id)) };
  const width = Math.max(640, canvas.clientWidth || 900);
  const height = 600;
  // Frame the fourteen smaller states (Baltics to the Tian Shan) with western Russia; Russia's
  // far east would otherwise take most of the picture.
  const frame = { type: 'MultiPoint', coordinates: d3.range(19, 91, 6).flatMap((lon) => [[lon, 36.5], [lon, 60.5]]) };
  const projection = d3.geoConicConformal().rotate([-55, 0]).parallels([40, 60]).fitExtent([[10, 24], [width - 10, height - 50]], frame);
  const path = d3.geoPath(projection);
  const values = [...members.values()].map((country) => value(country.code)).filter((v) => v !== null);
  const max = Math.max(0.05, d3.max(values) ?? 0.05);
  const color = d3.scaleSequential([0, max], d3.interpolateOrRd);

  const svg = d3.create('svg').attr('viewBox', [0, 0, width, height]).attr('width', width).attr('height', height).attr('class', 'map').attr('data-testid', 'map-svg');
  svg.append('rect').attr('class', 'sea').attr('width', width).attr('height', height);
  svg.append('path').datum(d3.geoGraticule10()).attr('class', 'graticule').attr('d', path);
  svg.append('g').selectAll('path').data(world.features.filter((shape) => !members.has(shape.id))).join('path')
    .attr('class', (shape) => (codeOfShape(shape, patron) ? 'land patron' : 'land'))
    .attr('d', path)
    .append('title').text((shape) => shape.properties.name);
  svg.append('g').selectAll('path').data(region.features).join('path')
    .attr('class', (shape) => (members.get(shape.id).code === patron ? 'member patron' : 'member'))
    .attr('data-testid', 'map-country')
    .attr('data-code', (shape) => members.get(shape.id).code)
    .attr('data-grip', (shape) => value(members.get(shape.id).code) ?? '')
    .attr('fill', (shape) => {
      const v = value(members.get(shape.id).code);
      return v === null ? 'url(#no-data)' : color(v);
    })
    .attr('d', path)
    .on('mousemove', (event, shape) => {
      if (members.get(shape.id).code === patron) {
        showTooltip(event, el('div', { class: 'tip-title' }, `${members.get(shape.id).name}: the patron`));
        return;
      }
      const country = members.get(shape.id);
      const row_ = rows.get(country.code);
      showTooltip(
        event,
        el('div', { class: 'tip-title' }, country.name),
        row(`Grip of ${patronName}`, fmt.share(row_?.grip)),
        row('Security', fmt.share(row_?.grip_by_dimension.security)),
        row('Economic', fmt.share(row_?.grip_by_dimension.economic)),
        row('Political', fmt.share(row_?.grip_by_dimension.political)),
        row('Events with patron', row_ ? fmt.int(row_.n_events) : '0'),
        row('Balance', row_ ? fmt.balance(row_.balance) : '—'),
        row('Spikes', row_ ? `${row_.n_spikes}${row_.last_spike ? ` (last ${row_.last_spike})` : ''}` : '—'),
      );
    })
    .on('mouseleave', hideTooltip)
    .on('click', (event, shape) => go('timeline', { a: patron, b: members.get(shape.id).code, since: window_.since, until: window_.until, origin: window_.origin }));
  const defs = svg.append('defs');
  const hatch = defs.append('pattern').attr('id', 'no-data').attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)');
  hatch.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#f1f1ee');
  hatch.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', '#cfcfca').attr('stroke-width', 2);
  svg.append('g').attr('class', 'map-labels').selectAll('text').data(region.features).join('text')
    .attr('transform', (shape) => `translate(${labelPoint(shape, path, projection)})`)
    .attr('text-anchor', 'middle')
    .selectAll('tspan')
    .data((shape) => {
      const country = members.get(shape.id);
      const v = value(country.code);
      // Small states are labelled by code, so that the Baltics and the Caucasus stay legible
      // whatever the window size.
      const label = SMALL_STATES.has(country.code) || path.area(shape) < 2500 ? country.code : country.name;
      if (country.code === patron) return [label, 'patron'];
      return [label, v === null ? '' : fmt.pct(v)];
    })
    .join('tspan')
    .attr('x', 0)
    .attr('dy', (d, idx) => (idx === 0 ? 0 : '1.1em'))
    .attr('class', (d, idx) => (idx === 0 ? 'label-name' : 'label-value'))
    .text((d) => d);
  svg.node().append(legend(color, max, width, height, patronName, dimension));
  canvas.append(svg.node());

  const ranked = [...members.values()].filter((country) => country.code !== patron)
    .map((country) => ({ country, v: value(country.code), row: rows.get(country.code) }))
    .sort((p, q) => (q.v ?? -1) - (p.v ?? -1));
  panel.append(
    el('h2', {}, `${patronName}: grip by country`),
    el('p', { class: 'muted' }, `${dimension === 'overall' ? 'Overall' : `${dimension[0].toUpperCase()}${dimension.slice(1)}`} grip index, ${window_.since || window_.until ? `${window_.since || '…'} to ${window_.until || '…'}` : 'all dates'}; hatched on the map: no interactions.`),
    el('table', { class: 'ranking', 'data-testid': 'map-ranking' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Country'), el('th', {}, 'Grip'), el('th', { class: 'num' }, 'Events'))),
      el('tbody', {}, ranked.map(({ country, v, row: row_ }) =>
        el('tr', { class: 'clickable', onclick: () => go('timeline', { a: patron, b: country.code, since: window_.since, until: window_.until, origin: window_.origin }) },
          el('td', {}, country.name),
          el('td', {}, el('div', { class: 'meter' },
            el('div', { class: 'track' }, el('span', { style: `width:${v === null ? 0 : (100 * v) / max}%;background:${v === null ? 'transparent' : color(v)}` })),
            el('em', {}, v === null ? '—' : fmt.pct(v)))),
          el('td', { class: 'num' }, row_ ? fmt.int(row_.n_events) : '0'),
        ))),
    ),
  );
  if (!values.length) panel.prepend(notice(`No interactions of ${patronName} with post-Soviet states in this period.`));
}

/** Whether a world-atlas shape is the patron (by name; the patron may be outside the region). */
function codeOfShape(shape, patron) {
  const names = { CHN: 'China', USA: 'United States of America', TUR: 'Turkey', IRN: 'Iran', DEU: 'Germany', FRA: 'France', GBR: 'United Kingdom', IND: 'India' };
  return names[patron] === shape.properties.name;
}

/** The successor states too small to carry their full name at any usual window size. */
const SMALL_STATES = new Set(['ARM', 'AZE', 'GEO', 'EST', 'LVA', 'LTU', 'MDA']);

/** Where a state's label goes: a hand-placed point for the states whose centroid misleads or
 * whose neighbours crowd them, the centroid otherwise. */
function labelPoint(shape, path, projection) {
  const custom = {
    643: [50, 57], 398: [67, 48.3], 233: [25.8, 58.75], 428: [25.6, 56.85], 440: [23.9, 55.3], 498: [28.6, 47.1],
    268: [43.4, 42.35], '051': [44.6, 40.05], '031': [48.4, 40.5], 795: [59, 39.3], 860: [63.5, 41.6], 417: [74.5, 41.6], 762: [71, 38.6],
  };
  if (custom[shape.id]) return projection(custom[shape.id]);
  return path.centroid(shape);
}

function legend(color, max, width, height, patronName, dimension) {
  const group = d3.create('svg:g').attr('class', 'legend').attr('transform', `translate(24,${height - 44})`);
  const id = 'grip-gradient';
  const gradient = group.append('defs').append('linearGradient').attr('id', id);
  d3.range(0, 1.01, 0.1).forEach((t) => gradient.append('stop').attr('offset', `${t * 100}%`).attr('stop-color', color(t * max)));
  group.append('rect').attr('width', 240).attr('height', 10).attr('fill', `url(#${id})`);
  group.append('text').attr('y', 24).text('0%');
  group.append('text').attr('x', 240).attr('y', 24).attr('text-anchor', 'end').text(fmt.pct(max));
  group.append('text').attr('x', 0).attr('y', -6).text(`grip index of ${patronName} (${dimension})`);
  return group.node();
}

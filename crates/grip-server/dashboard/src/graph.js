// The actor graph of a period: parties as nodes (size = events), directed pairs as curved
// edges (colour = cooperation/conflict balance, width = volume). Clicking an edge lists its
// events; clicking a node lists its strongest ties.
import * as d3 from 'd3';
import {
  api,
  balanceColor,
  balanceText,
  el,
  eventList,
  field,
  fmt,
  go,
  hideTooltip,
  notice,
  QUADS,
  row,
  select,
  showTooltip,
  windowControls,
  windowParams,
} from './ui.js';

const KIND_COLORS = { country: '#46648c', org: '#8e5ea2', region: '#2a8c80' };

export async function renderGraph(container, { params }, stale) {
  const window_ = windowParams(params);
  const minEvents = params.get('min') || '3';
  const maxEdges = params.get('edges') || '60';
  const party = params.get('party') || '';
  const current = Object.fromEntries(params.entries());
  const update = (key) => (value) => go('graph', { ...current, [key]: value });

  const partyInput = el('input', {
    type: 'search',
    name: 'party',
    placeholder: 'all parties',
    value: party,
    list: 'graph-parties',
    onchange: (event) => update('party')(event.target.value.trim().toUpperCase()),
  });
  container.append(
    el('div', { class: 'view-head' },
      el('h1', {}, 'Actor graph'),
      el('p', { class: 'lede' }, 'Who interacts with whom over the period: edge colour is the cooperation–conflict balance of the directed pair, edge width its number of events. Click an edge for its events, a node for its ties.'),
    ),
    el('div', { class: 'controls' },
      windowControls('graph', params),
      field('Min. events', select('min', [['1', '1'], ['3', '3'], ['5', '5'], ['10', '10'], ['25', '25']], minEvents, update('min'))),
      field('Edges', select('edges', [['30', '30'], ['60', '60'], ['120', '120'], ['250', '250']], maxEdges, update('edges'))),
      field('Party', partyInput),
    ),
  );
  const layout = el('div', { class: 'split' });
  const canvas = el('div', { class: 'canvas' });
  const panel = el('aside', { class: 'panel', 'data-testid': 'graph-panel' });
  layout.append(canvas, panel);
  container.append(layout);

  const graph = await api('/v1/graph', { ...window_, min_events: minEvents, limit: maxEdges, party });
  if (stale()) return;
  container.append(el('datalist', { id: 'graph-parties' }, graph.nodes.map((node) => el('option', { value: node.id }, node.name))));
  if (!graph.edges.length) {
    canvas.append(notice('No interactions in this period. Widen the dates or lower the minimum.'));
    return;
  }
  const names = new Map(graph.nodes.map((node) => [node.id, node.name]));
  const showEdge = (edge) => edgePanel(panel, edge, names, window_);
  const showNode = (node) => nodePanel(panel, node, graph.edges, names, showEdge);
  overviewPanel(panel, graph, names, showEdge);
  drawGraph(canvas, graph, { showEdge, showNode });
}

function drawGraph(canvas, graph, { showEdge, showNode }) {
  const width = Math.max(640, canvas.clientWidth || 900);
  const height = 640;
  const nodes = graph.nodes.map((node) => ({ ...node }));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edges = graph.edges.map((edge) => ({ ...edge, source: byId.get(edge.source), target: byId.get(edge.target) }));
  const pairs = new Set(graph.edges.map((edge) => `${edge.source}>${edge.target}`));
  const radius = d3.scaleSqrt([0, d3.max(nodes, (node) => node.n_events) || 1], [5, 30]);
  const width_ = d3.scaleSqrt([0, d3.max(edges, (edge) => edge.n_events) || 1], [1, 14]);

  // A fixed number of ticks from a fixed start: the same data gives the same picture.
  nodes.forEach((node, idx) => {
    const angle = (idx / nodes.length) * 2 * Math.PI;
    node.x = width / 2 + 220 * Math.cos(angle);
    node.y = height / 2 + 220 * Math.sin(angle);
  });
  const simulation = d3
    .forceSimulation(nodes)
    .force('link', d3.forceLink(edges).distance((edge) => 110 + 60 / Math.sqrt(edge.n_events)).strength(0.2))
    .force('charge', d3.forceManyBody().strength(-700))
    .force('collide', d3.forceCollide((node) => radius(node.n_events) + 24))
    .force('x', d3.forceX(width / 2).strength(0.06))
    .force('y', d3.forceY(height / 2).strength(0.09))
    .stop();
  for (let tick = 0; tick < 400; tick++) simulation.tick();

  const svg = d3
    .create('svg')
    .attr('viewBox', [0, 0, width, height])
    .attr('width', width)
    .attr('height', height)
    .attr('data-testid', 'graph-svg')
    .attr('class', 'graph');
  const zoomed = svg.append('g');
  svg.call(d3.zoom().scaleExtent([0.3, 4]).on('zoom', (event) => zoomed.attr('transform', event.transform)));
  // Fit the layout into the view.
  const [x0, x1] = d3.extent(nodes, (node) => node.x);
  const [y0, y1] = d3.extent(nodes, (node) => node.y);
  const scale = Math.min(1.4, 0.88 * Math.min(width / (x1 - x0 + 120 || 1), height / (y1 - y0 + 120 || 1)));
  const transform = d3.zoomIdentity
    .translate(width / 2, height / 2)
    .scale(scale)
    .translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
  svg.call(d3.zoom().transform, transform);
  zoomed.attr('transform', transform);

  const geometry = (edge) => {
    const { source, target } = edge;
    const dx = target.x - source.x;
    const dy = target.y - source.y;
    const length = Math.hypot(dx, dy) || 1;
    const bend = pairs.has(`${target.id}>${source.id}`) ? 0.18 : 0.06;
    const cx = (source.x + target.x) / 2 - (dy / length) * length * bend;
    const cy = (source.y + target.y) / 2 + (dx / length) * length * bend;
    // End at the target's rim, seen from the control point.
    const ex = target.x - cx;
    const ey = target.y - cy;
    const elength = Math.hypot(ex, ey) || 1;
    const stop = radius(target.n_events) + 3;
    const tx = target.x - (ex / elength) * stop;
    const ty = target.y - (ey / elength) * stop;
    return { sx: source.x, sy: source.y, cx, cy, tx, ty, ux: ex / elength, uy: ey / elength };
  };
  const edgeGroup = zoomed.append('g').attr('class', 'edges');
  const edgeSel = edgeGroup
    .selectAll('g')
    .data(edges.sort((a, b) => b.n_events - a.n_events))
    .join('g')
    .attr('class', 'edge')
    .attr('data-testid', 'graph-edge')
    .attr('data-source', (edge) => edge.source.id)
    .attr('data-target', (edge) => edge.target.id)
    .on('click', (event, edge) => {
      edgeSel.classed('selected', (other) => other === edge);
      edgeGroup.classed('has-selection', true);
      showEdge(graph.edges.find((raw) => raw.source === edge.source.id && raw.target === edge.target.id));
    })
    .on('mousemove', (event, edge) =>
      showTooltip(
        event,
        el('div', { class: 'tip-title' }, `${edge.source.name} → ${edge.target.name}`),
        row('Events', fmt.int(edge.n_events)),
        row('Balance', `${fmt.balance(edge.balance)} (${edge.balance >= 0 ? 'cooperative' : 'conflictual'})`),
        row('Goldstein', fmt.signed(edge.goldstein)),
        QUADS.map((quad) => row(quad.short, fmt.int(edge.counts_by_quad[quad.key]))),
      ),
    )
    .on('mouseleave', hideTooltip);
  edgeSel
    .append('path')
    .attr('class', 'edge-hit')
    .attr('d', (edge) => {
      const g = geometry(edge);
      return `M${g.sx},${g.sy} Q${g.cx},${g.cy} ${g.tx},${g.ty}`;
    })
    .attr('stroke-width', (edge) => width_(edge.n_events) + 8);
  edgeSel
    .append('path')
    .attr('class', 'edge-line')
    .attr('d', (edge) => {
      const g = geometry(edge);
      return `M${g.sx},${g.sy} Q${g.cx},${g.cy} ${g.tx},${g.ty}`;
    })
    .attr('stroke', (edge) => balanceColor(edge.balance))
    .attr('stroke-width', (edge) => width_(edge.n_events));
  edgeSel
    .append('path')
    .attr('class', 'edge-head')
    .attr('fill', (edge) => balanceColor(edge.balance))
    .attr('d', (edge) => {
      const g = geometry(edge);
      const size = 5 + width_(edge.n_events) * 0.9;
      const bx = g.tx - g.ux * size;
      const by = g.ty - g.uy * size;
      const nx = -g.uy * size * 0.55;
      const ny = g.ux * size * 0.55;
      return `M${g.tx},${g.ty} L${bx + nx},${by + ny} L${bx - nx},${by - ny} Z`;
    });

  const nodeSel = zoomed
    .append('g')
    .attr('class', 'nodes')
    .selectAll('g')
    .data(nodes)
    .join('g')
    .attr('class', 'node')
    .attr('data-testid', 'graph-node')
    .attr('data-id', (node) => node.id)
    .attr('transform', (node) => `translate(${node.x},${node.y})`)
    .on('click', (event, node) => showNode(node))
    .on('mousemove', (event, node) =>
      showTooltip(
        event,
        el('div', { class: 'tip-title' }, `${node.name} (${node.id})`),
        row('Events', fmt.int(node.n_events)),
        row('Goldstein', fmt.signed(node.goldstein)),
      ),
    )
    .on('mouseleave', hideTooltip);
  nodeSel
    .append('circle')
    .attr('r', (node) => radius(node.n_events))
    .attr('fill', (node) => KIND_COLORS[node.kind] ?? '#888');
  nodeSel
    .append('text')
    .attr('class', 'node-label')
    .attr('dy', (node) => radius(node.n_events) + 13)
    .text((node) => node.name);

  svg.node().append(legend(width, width_));
  canvas.append(svg.node());
}

function legend(width, widthScale) {
  const group = d3.create('svg:g').attr('class', 'legend').attr('transform', `translate(${width - 250},16)`);
  group.append('rect').attr('x', -10).attr('y', -10).attr('width', 244).attr('height', 88).attr('rx', 6).attr('class', 'legend-box');
  const gradientId = 'balance-gradient';
  const gradient = group.append('defs').append('linearGradient').attr('id', gradientId);
  d3.range(0, 1.01, 0.1).forEach((t) => gradient.append('stop').attr('offset', `${t * 100}%`).attr('stop-color', balanceColor(-1 + 2 * t)));
  group.append('rect').attr('width', 220).attr('height', 10).attr('fill', `url(#${gradientId})`);
  group.append('text').attr('y', 24).text('conflict');
  group.append('text').attr('x', 220).attr('y', 24).attr('text-anchor', 'end').text('cooperation');
  const [, max] = widthScale.domain();
  [1, Math.max(2, Math.round(max / 4)), Math.round(max)].forEach((n, idx) => {
    const x = idx * 75;
    group.append('line').attr('x1', x).attr('x2', x + 30).attr('y1', 48).attr('y2', 48).attr('stroke', '#777').attr('stroke-width', widthScale(n));
    group.append('text').attr('x', x + 34).attr('y', 52).text(`${n}`);
  });
  group.append('text').attr('y', 72).text('edge width = events (source → target)');
  return group.node();
}

function quadBar(counts) {
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  return el(
    'div',
    { class: 'quadbar', title: QUADS.map((quad) => `${quad.name}: ${counts[quad.key]}`).join('\n') },
    QUADS.map((quad) => el('span', { style: `width:${(100 * counts[quad.key]) / total}%;background:${quad.color}` })),
  );
}

function overviewPanel(panel, graph, names, showEdge) {
  panel.replaceChildren(
    el('h2', {}, 'Strongest ties'),
    el('p', { class: 'muted' }, `${fmt.int(graph.n_used)} factual dyadic events; ${graph.edges.length} of ${graph.n_edges} directed pairs shown.`),
    edgeTable(graph.edges.slice(0, 14), names, showEdge),
  );
}

function edgeTable(edges, names, showEdge) {
  return el(
    'table',
    { class: 'ties' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Pair'), el('th', { class: 'num' }, 'Events'), el('th', {}, 'Mix'), el('th', { class: 'num' }, 'Balance'))),
    el(
      'tbody',
      {},
      edges.map((edge) =>
        el(
          'tr',
          { class: 'clickable', onclick: () => showEdge(edge) },
          el('td', {}, `${names.get(edge.source)} → ${names.get(edge.target)}`),
          el('td', { class: 'num' }, fmt.int(edge.n_events)),
          el('td', {}, quadBar(edge.counts_by_quad)),
          el('td', { class: 'num', style: `color:${balanceText(edge.balance)}` }, fmt.balance(edge.balance)),
        ),
      ),
    ),
  );
}

function nodePanel(panel, node, edges, names, showEdge) {
  const ties = edges.filter((edge) => edge.source === node.id || edge.target === node.id);
  panel.replaceChildren(
    el('h2', {}, node.name),
    el('p', { class: 'muted' }, `${node.id} · ${fmt.int(node.n_events)} events in the shown edges`),
    el('div', { class: 'buttons' },
      el('button', { onclick: () => go('map', { patron: node.id }) }, 'Grip map of this patron'),
      el('button', { onclick: () => go('graph', { party: node.id, min: '1' }) }, 'Only its ties'),
    ),
    edgeTable(ties.slice(0, 20), names, showEdge),
  );
}

async function edgePanel(panel, edge, names, window_) {
  const title = `${names.get(edge.source)} → ${names.get(edge.target)}`;
  const list = el('div', {}, notice('Loading events…'));
  panel.replaceChildren(
    el('h2', { 'data-testid': 'edge-title' }, title),
    el('div', { class: 'stats' },
      el('div', {}, el('b', {}, fmt.int(edge.n_events)), ' events'),
      el('div', {}, el('b', { style: `color:${balanceText(edge.balance)}` }, fmt.balance(edge.balance)), ' balance'),
      el('div', {}, el('b', {}, fmt.signed(edge.goldstein)), ' Goldstein'),
    ),
    quadBar(edge.counts_by_quad),
    el('div', { class: 'quad-legend' }, QUADS.map((quad) => el('span', {}, el('i', { style: `background:${quad.color}` }), `${quad.short} ${edge.counts_by_quad[quad.key]}`))),
    el('div', { class: 'buttons' },
      el('button', { onclick: () => go('timeline', { a: edge.source, b: edge.target, since: window_.since, until: window_.until, origin: window_.origin }) }, 'Timeline of this pair'),
    ),
    el('h3', {}, 'Events, newest first'),
    list,
  );
  try {
    const events = await api('/v1/events', { source: edge.source, target: edge.target, since: window_.since, until: window_.until, origin: window_.origin, limit: 40 });
    list.replaceChildren(eventList(events.items), events.next_offset ? el('p', { class: 'muted' }, 'Showing the 40 newest.') : null);
  } catch (error) {
    list.replaceChildren(notice(error.message, 'error'));
  }
}

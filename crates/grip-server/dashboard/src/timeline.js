// The timeline of one pair: events by quad class per period (A → B above the axis, B → A
// below), the Goldstein sums of both directions, and the grip index of A on B with its spike
// threshold; spikes are marked on every chart. Clicking a period lists its events.
import * as d3 from 'd3';
import {
  api,
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

const INTERVAL_DAYS = { day: 1, week: 7, month: 31 };

export async function renderTimeline(container, { params }, stale) {
  const window_ = windowParams(params);
  const a = (params.get('a') || 'RUS').toUpperCase();
  const b = (params.get('b') || 'KAZ').toUpperCase();
  const interval = params.get('interval') || 'week';
  const current = Object.fromEntries(params.entries());
  const update = (key) => (value) => go('timeline', { ...current, [key]: value });

  const [parties, influence] = await Promise.all([
    api('/v1/graph', { since: window_.since, until: window_.until, origin: window_.origin, limit: 2000 }),
    api('/v1/influence', { target: b, patron: a, interval, ...window_ }),
  ]);
  if (stale()) return;
  const options = parties.nodes
    .slice()
    .sort((x, y) => x.name.localeCompare(y.name))
    .map((node) => [node.id, `${node.name} (${node.id})`]);
  for (const code of [a, b]) if (!options.some(([id]) => id === code)) options.unshift([code, code]);
  const names = new Map(parties.nodes.map((node) => [node.id, node.name]));
  const name = (code) => names.get(code) ?? code;

  container.append(
    el('div', { class: 'view-head' },
      el('h1', {}, `${name(a)} and ${name(b)}`),
      el('p', { class: 'lede' }, `Cooperation and conflict between the pair per ${interval}, and the grip index of ${name(a)} on ${name(b)}: its share of ${name(b)}'s weighted interactions. Red markers are spikes: a period above the pair's own baseline (mean + 2 sd of the previous 8 periods).`),
    ),
    el('div', { class: 'controls' },
      field('Patron (A)', select('a', options, a, update('a'))),
      el('button', { class: 'swap', title: 'Swap A and B', onclick: () => go('timeline', { ...current, a: b, b: a }) }, '⇄'),
      field('Target (B)', select('b', options, b, update('b'))),
      field('Per', select('interval', [['day', 'day'], ['week', 'week'], ['month', 'month']], interval, update('interval'))),
      windowControls('timeline', params),
    ),
  );

  let forward = influence.pairs.filter((pair) => pair.source === a && pair.target === b);
  let backward = influence.pairs.filter((pair) => pair.source === b && pair.target === a);
  let series = influence.series.filter((point) => point.patron === a && point.target === b);
  // Without chosen dates, show the main run of activity: a few stray weeks years before the
  // rest would squeeze it into a corner of the axis.
  let focusNote = null;
  if (!window_.since && !window_.until) {
    const focus = mainRun([...forward, ...backward], interval);
    if (focus) {
      const inside = (item) => item.period >= focus.from && item.period <= focus.to;
      const hidden = [...forward, ...backward].filter((item) => !inside(item));
      forward = forward.filter(inside);
      backward = backward.filter(inside);
      series = series.filter(inside);
      focusNote = el('p', { class: 'muted small focus-note' },
        `Showing ${focus.from} – ${focus.to}, the main run of activity; ${hidden.reduce((total, item) => total + item.n_events, 0)} events in ${new Set(hidden.map((item) => item.period)).size} earlier or later ${interval}s are left out. `,
        el('a', { href: '#', onclick: (event) => { event.preventDefault(); go('timeline', { ...current, since: hidden.map((item) => item.period).sort()[0] }); } }, 'Show everything'));
    }
  }
  const patron = influence.patrons.find((row_) => row_.patron === a && row_.target === b);
  if (!forward.length && !backward.length) {
    container.append(notice(`No factual events between ${name(a)} and ${name(b)} in this period.`));
    return;
  }
  const sum = (rows) => rows.reduce((total, pair) => total + pair.n_events, 0);
  const spikes = series.filter((point) => point.spike);
  container.append(
    el('div', { class: 'summary', 'data-testid': 'timeline-summary' },
      el('div', { class: 'stat' }, el('b', {}, fmt.int(sum(forward))), ` events ${name(a)} → ${name(b)}`),
      el('div', { class: 'stat' }, el('b', {}, fmt.int(sum(backward))), ` events ${name(b)} → ${name(a)}`),
      el('div', { class: 'stat' }, el('b', {}, patron ? fmt.pct(patron.grip) : '—'), ` grip of ${name(a)} on ${name(b)}`),
      el('div', { class: 'stat' }, el('b', {}, patron ? fmt.signed(patron.goldstein) : '—'), ' Goldstein'),
      el('div', { class: 'stat spikes' }, el('b', {}, fmt.int(spikes.length)), ` spike${spikes.length === 1 ? '' : 's'}`, spikes.length ? ` (last ${spikes[spikes.length - 1].period})` : ''),
    ),
  );
  if (focusNote) container.append(focusNote);
  const charts = el('div', { class: 'charts' });
  const events = el('div', { class: 'period-events', 'data-testid': 'period-events' }, el('p', { class: 'muted' }, 'Click a period to list its events.'));
  container.append(charts, events);
  drawCharts(charts, { a, b, name, interval, forward, backward, series, window_, events });
}

function drawCharts(target, { a, b, name, interval, forward, backward, series, window_, events }) {
  const width = Math.max(700, target.clientWidth || 1100);
  const margin = { left: 64, right: 24 };
  const days = INTERVAL_DAYS[interval];
  const parse = d3.utcParse('%Y-%m-%d');
  const periods = [...new Set([...forward, ...backward, ...series].map((item) => item.period))].sort();
  const first = parse(periods[0]);
  const last = d3.utcDay.offset(parse(periods[periods.length - 1]), days);
  const x = d3.scaleUtc([first, last], [margin.left, width - margin.right]);
  const barWidth = Math.max(2, x(d3.utcDay.offset(first, days)) - x(first) - 2);
  const spikePeriods = new Set(series.filter((point) => point.spike).map((point) => point.period));

  const stacks = (rows) => rows.map((pair) => {
    let base = 0;
    return { pair, parts: QUADS.map((quad) => ({ quad, y0: base, y1: (base += pair.counts_by_quad[quad.key]) })) };
  });
  const up = stacks(forward);
  const down = stacks(backward);
  const max = d3.max([...forward, ...backward], (pair) => pair.n_events) || 1;

  const tooltipFor = (period) => (event) => {
    const fwd = forward.find((pair) => pair.period === period);
    const bwd = backward.find((pair) => pair.period === period);
    const point = series.find((item) => item.period === period);
    showTooltip(
      event,
      el('div', { class: 'tip-title' }, `${interval} of ${period}`),
      row(`${a} → ${b}`, fwd ? `${fwd.n_events} events, Goldstein ${fmt.signed(fwd.goldstein)}` : 'none'),
      fwd ? QUADS.map((quad) => row(`  ${quad.short}`, fwd.counts_by_quad[quad.key])) : [],
      row(`${b} → ${a}`, bwd ? `${bwd.n_events} events, Goldstein ${fmt.signed(bwd.goldstein)}` : 'none'),
      row('Grip', point ? `${fmt.share(point.grip)} (threshold ${fmt.share(point.threshold)})` : '—'),
      point?.spike ? el('div', { class: 'tip-spike' }, 'Spike: above the baseline') : [],
    );
  };
  const listEvents = async (period) => {
    const since = period;
    const until = d3.utcFormat('%Y-%m-%d')(d3.utcDay.offset(parse(period), days - 1));
    events.replaceChildren(el('h3', {}, `Events between ${name(a)} and ${name(b)}, ${since} – ${until}`), notice('Loading…'));
    try {
      const [ab, ba] = await Promise.all([
        api('/v1/events', { source: a, target: b, since, until, origin: window_.origin, limit: 50 }),
        api('/v1/events', { source: b, target: a, since, until, origin: window_.origin, limit: 50 }),
      ]);
      const items = [...ab.items, ...ba.items].sort((p, q) => q.date.localeCompare(p.date));
      events.replaceChildren(el('h3', {}, `Events between ${name(a)} and ${name(b)}, ${since} – ${until}`), eventList(items));
    } catch (error) {
      events.replaceChildren(notice(error.message, 'error'));
    }
  };
  const spikeBands = (svg, height, top) => {
    svg.append('g').attr('class', 'spike-bands').selectAll('rect').data([...spikePeriods]).join('rect')
      .attr('x', (period) => x(parse(period)))
      .attr('width', barWidth + 2)
      .attr('y', top)
      .attr('height', height)
      .attr('class', 'spike-band');
  };

  // 1. Events by quad class: A → B above, B → A below.
  {
    const height = 300;
    const mid = 150;
    const y = d3.scaleLinear([0, max], [0, mid - 24]);
    const svg = d3.create('svg').attr('viewBox', [0, 0, width, height]).attr('width', width).attr('height', height).attr('data-testid', 'timeline-events');
    spikeBands(svg, height - 24, 4);
    const bars = (data, sign, direction) =>
      svg.append('g').attr('class', `bars ${direction}`).selectAll('g').data(data).join('g')
        .attr('class', 'period-bar clickable')
        .attr('data-testid', 'timeline-bar')
        .attr('data-period', (d) => d.pair.period)
        .on('mousemove', (event, d) => tooltipFor(d.pair.period)(event))
        .on('mouseleave', hideTooltip)
        .on('click', (event, d) => listEvents(d.pair.period))
        .selectAll('rect').data((d) => d.parts.map((part) => ({ ...part, period: d.pair.period }))).join('rect')
        .attr('x', (part) => x(parse(part.period)) + 1)
        .attr('width', barWidth)
        .attr('y', (part) => (sign > 0 ? mid - y(part.y1) : mid + y(part.y0)))
        .attr('height', (part) => y(part.y1) - y(part.y0))
        .attr('fill', (part) => part.quad.color);
    bars(up, 1, 'forward');
    bars(down, -1, 'backward');
    svg.append('line').attr('x1', margin.left).attr('x2', width - margin.right).attr('y1', mid).attr('y2', mid).attr('class', 'axis-line');
    const axis = d3.scaleLinear([-max, max], [mid + y(max), mid - y(max)]);
    svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(axis).ticks(6).tickFormat((v) => fmt.int(Math.abs(v))));
    svg.append('text').attr('class', 'dir-label').attr('x', margin.left + 6).attr('y', 16).text(`${name(a)} → ${name(b)}`);
    svg.append('text').attr('class', 'dir-label').attr('x', margin.left + 6).attr('y', height - 30).text(`${name(b)} → ${name(a)}`);
    svg.append('g').attr('transform', `translate(0,${height - 22})`).call(d3.axisBottom(x).ticks(width / 110));
    svg.append('g').attr('class', 'spike-marks').selectAll('path').data([...spikePeriods]).join('path')
      .attr('data-testid', 'spike')
      .attr('d', (period) => d3.symbol(d3.symbolTriangle, 90)())
      .attr('transform', (period) => `translate(${x(parse(period)) + barWidth / 2 + 1},${mid - y(max) - 10}) rotate(180)`)
      .attr('class', 'spike-mark');
    target.append(chartBlock('Events per period by quad class', svg.node(), QUADS.map((quad) => [quad.color, quad.name])));
  }

  // 2. Goldstein sums, both directions.
  {
    const height = 200;
    const values = [...forward, ...backward].map((pair) => pair.goldstein);
    const extent = d3.extent([0, ...values]);
    const y = d3.scaleLinear(extent, [height - 26, 10]).nice();
    const svg = d3.create('svg').attr('viewBox', [0, 0, width, height]).attr('width', width).attr('height', height).attr('data-testid', 'timeline-goldstein');
    spikeBands(svg, height - 30, 6);
    svg.append('line').attr('x1', margin.left).attr('x2', width - margin.right).attr('y1', y(0)).attr('y2', y(0)).attr('class', 'axis-line');
    const format = d3.utcFormat('%Y-%m-%d');
    const days_ = calendar(first, parse(periods[periods.length - 1]), interval).map(format);
    // A period without events has a Goldstein sum of 0.
    const filled = (rows) => days_.map((period) => rows.find((pair) => pair.period === period) ?? { period, goldstein: 0 });
    const line = d3.line().x((pair) => x(parse(pair.period)) + barWidth / 2).y((pair) => y(pair.goldstein));
    for (const [rows, cls] of [[forward, 'forward'], [backward, 'backward']]) {
      svg.append('path').datum(filled(rows)).attr('class', `goldstein-line ${cls}`).attr('d', line);
      svg.append('g').selectAll('circle').data(rows).join('circle').attr('class', `goldstein-dot ${cls}`)
        .attr('cx', (pair) => x(parse(pair.period)) + barWidth / 2).attr('cy', (pair) => y(pair.goldstein)).attr('r', 3)
        .on('mousemove', (event, pair) => tooltipFor(pair.period)(event)).on('mouseleave', hideTooltip);
    }
    svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
    svg.append('g').attr('transform', `translate(0,${height - 24})`).call(d3.axisBottom(x).ticks(width / 110));
    target.append(chartBlock('Goldstein sum per period (cooperation > 0 > conflict)', svg.node(), [['#2b5c8a', `${name(a)} → ${name(b)}`], ['#b07aa1', `${name(b)} → ${name(a)}`]]));
  }

  // 3. The grip index of A on B, with the spike threshold.
  if (series.length) {
    const height = 200;
    const y = d3.scaleLinear([0, Math.min(1, Math.max(0.05, d3.max(series, (point) => Math.max(point.grip ?? 0, point.threshold ?? 0)) * 1.1))], [height - 26, 10]);
    const svg = d3.create('svg').attr('viewBox', [0, 0, width, height]).attr('width', width).attr('height', height).attr('data-testid', 'timeline-grip');
    spikeBands(svg, height - 30, 6);
    const points = series.filter((point) => point.grip !== null);
    const cx = (point) => x(parse(point.period)) + barWidth / 2;
    // Periods in which the target had no interactions have no grip index: the line breaks.
    const format = d3.utcFormat('%Y-%m-%d');
    const byPeriod = new Map(points.map((point) => [point.period, point]));
    const gapped = calendar(first, parse(periods[periods.length - 1]), interval).map((date) => byPeriod.get(format(date)) ?? { period: format(date), grip: null, threshold: null });
    svg.append('path').datum(gapped).attr('class', 'threshold-line')
      .attr('d', d3.line().defined((point) => point.threshold !== null).x(cx).y((point) => y(point.threshold)));
    svg.append('path').datum(gapped).attr('class', 'grip-line').attr('d', d3.line().defined((point) => point.grip !== null).x(cx).y((point) => y(point.grip)));
    svg.append('g').selectAll('circle').data(points).join('circle')
      .attr('class', (point) => (point.spike ? 'grip-dot spike-dot' : 'grip-dot'))
      .attr('cx', cx).attr('cy', (point) => y(point.grip)).attr('r', (point) => (point.spike ? 6 : 3))
      .on('mousemove', (event, point) => tooltipFor(point.period)(event)).on('mouseleave', hideTooltip)
      .on('click', (event, point) => listEvents(point.period));
    svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5).tickFormat(d3.format('.0%')));
    svg.append('g').attr('transform', `translate(0,${height - 24})`).call(d3.axisBottom(x).ticks(width / 110));
    target.append(chartBlock(`Grip index of ${name(a)} on ${name(b)}`, svg.node(), [['#1f3b57', 'grip index'], ['#999', 'spike threshold'], ['#d62728', 'spike']]));
  }
}

/** The run of periods (split at gaps of more than a quarter) with the most events, or null
 * when all periods form one run. */
function mainRun(rows, interval) {
  const gapDays = Math.max(92, 13 * INTERVAL_DAYS[interval]);
  const totals = new Map();
  for (const row_ of rows) totals.set(row_.period, (totals.get(row_.period) ?? 0) + row_.n_events);
  const periods = [...totals.keys()].sort();
  if (periods.length < 2) return null;
  const parse = d3.utcParse('%Y-%m-%d');
  const runs = [[periods[0]]];
  for (let idx = 1; idx < periods.length; idx++) {
    const gap = (parse(periods[idx]) - parse(periods[idx - 1])) / 86_400_000;
    if (gap > gapDays) runs.push([]);
    runs[runs.length - 1].push(periods[idx]);
  }
  if (runs.length === 1) return null;
  const weight = (run) => run.reduce((total, period) => total + totals.get(period), 0);
  const best = runs.reduce((chosen, run) => (weight(run) >= weight(chosen) ? run : chosen));
  return { from: best[0], to: best[best.length - 1] };
}

/** Every period start from `first` to `last`. */
function calendar(first, last, interval) {
  const step = interval === 'month' ? (date, n) => d3.utcMonth.offset(date, n) : (date, n) => d3.utcDay.offset(date, n * INTERVAL_DAYS[interval]);
  const all = [];
  for (let idx = 0, date = first; date <= last && idx < 5000; idx++, date = step(first, idx)) all.push(date);
  return all;
}

function chartBlock(title, svg, legend) {
  return el('figure', { class: 'chart' },
    el('figcaption', {}, el('span', { class: 'chart-title' }, title),
      el('span', { class: 'chart-legend' }, legend.map(([color, label]) => el('span', {}, el('i', { style: `background:${color}` }), label)))),
    svg,
  );
}

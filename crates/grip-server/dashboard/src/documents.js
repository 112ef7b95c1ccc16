// The document view: the stored article with its mentions, events and claims highlighted in
// the text, each explained on hover (rule id, evidence, certainty), and listed beside it.
import { api, el, fmt, go, hideTooltip, notice, QUADS, row, showTooltip } from './ui.js';

export async function renderDocuments(container, { parts, params }, stale) {
  const offset = Number(params.get('offset') || 0);
  const list = await api('/v1/documents', { limit: 50, offset });
  if (stale()) return;
  const id = parts[0] ?? list.items[0]?.id;
  const layout = el('div', { class: 'doc-layout' });
  const sidebar = el('aside', { class: 'doc-list', 'data-testid': 'doc-list' },
    el('h2', {}, 'Documents'),
    list.items.length ? null : notice('The store has no documents yet. Add some with `grip ingest` or POST /v1/documents.'),
    el('ul', {}, list.items.map((item) =>
      el('li', { class: String(item.id) === String(id) ? 'active' : '' },
        el('a', { href: `#/documents/${item.id}` },
          el('span', { class: 'doc-title' }, item.title || basename(item.external_id)),
          el('span', { class: 'doc-meta' }, `${item.date ?? 'undated'} · ${item.n_mentions} mentions · ${item.n_events} events · ${item.n_claims} claims`),
        )))),
    el('div', { class: 'pager' },
      offset > 0 ? el('button', { onclick: () => go('documents', { offset: Math.max(0, offset - 50) }) }, '← newer') : null,
      list.next_offset ? el('button', { onclick: () => go('documents', { offset: list.next_offset }) }, 'older →') : null),
  );
  const main = el('div', { class: 'doc-main' });
  layout.append(sidebar, main);
  container.append(layout);
  if (id === undefined) return;
  const documentJson = await api(`/v1/documents/${id}`);
  if (stale()) return;
  renderDocument(main, documentJson);
}

function basename(path) {
  return path.split('/').pop() || path;
}

/** Byte offsets (UTF-8, as the API gives them) to string indices (UTF-16, as JS needs them). */
function byteIndex(text) {
  const map = new Map([[0, 0]]);
  let bytes = 0;
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    units += char.length;
    map.set(bytes, units);
  }
  return (offset) => map.get(offset) ?? Math.min(offset, text.length);
}

const CERTAINTY = { certain: 4, probable: 3, possible: 2, doubtful: 1 };

function renderDocument(main, doc) {
  const at = byteIndex(doc.text);
  const annotations = [];
  const add = (kind, idx, start, end, data) => {
    if (end > start) annotations.push({ key: `${kind}${idx}`, kind, start: at(start), end: at(end), data });
  };
  doc.mentions.forEach((mention, idx) => add('m', idx, mention.start, mention.end, mention));
  doc.events.forEach((event, idx) => add('e', idx, event.evidence[0], event.evidence[1], event));
  doc.claims.forEach((claim, idx) => {
    add('c', idx, claim.start, claim.end, claim);
    claim.cues.forEach((cue, cueIdx) => add('q', `${idx}-${cueIdx}`, cue.span[0], cue.span[1], { claim, cue }));
  });
  const skipped = doc.sentences.filter((sentence) => sentence.skipped).map((sentence) => [at(sentence.start), at(sentence.end)]);

  const bounds = new Set([0, doc.text.length]);
  for (const annotation of annotations) bounds.add(annotation.start).add(annotation.end);
  for (const [start, end] of skipped) bounds.add(start).add(end);
  const cuts = [...bounds].sort((a, b) => a - b);
  const text = el('div', { class: 'doc-text', 'data-testid': 'doc-text' });
  for (let idx = 0; idx + 1 < cuts.length; idx++) {
    const [start, end] = [cuts[idx], cuts[idx + 1]];
    const covering = annotations.filter((annotation) => annotation.start <= start && annotation.end >= end);
    const isSkipped = skipped.some(([from, to]) => from <= start && to >= end);
    const piece = doc.text.slice(start, end);
    if (!covering.length && !isSkipped) {
      text.append(piece);
      continue;
    }
    const classes = [];
    const mention = covering.find((annotation) => annotation.kind === 'm');
    const event = covering.find((annotation) => annotation.kind === 'e');
    const claim = covering.filter((annotation) => annotation.kind === 'c').sort((p, q) => CERTAINTY[q.data.certainty] - CERTAINTY[p.data.certainty])[0];
    if (mention) classes.push('m', `kind-${mention.data.kind}`);
    if (event) classes.push('ev', `q${event.data.quad}`);
    if (claim) classes.push('cl', `cert-${claim.data.certainty}`);
    if (covering.some((annotation) => annotation.kind === 'q')) classes.push('cue');
    if (isSkipped) classes.push('skipped');
    const span = el('span', { class: classes.join(' '), 'data-ann': covering.map((annotation) => annotation.key).join(' ') }, piece);
    if (covering.length) {
      span.addEventListener('mousemove', (evt) => showTooltip(evt, explain(covering, doc)));
      span.addEventListener('mouseleave', hideTooltip);
    } else {
      span.title = 'Skipped: a repeated title or a signature';
    }
    text.append(span);
  }

  const focus = (key, on) => {
    for (const node of text.querySelectorAll(`[data-ann~="${key}"]`)) node.classList.toggle('focus', on);
    if (on) text.querySelector(`[data-ann~="${key}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };
  const card = (key, ...content) => el('li', { class: 'card', onmouseenter: () => focus(key, true), onmouseleave: () => focus(key, false) }, ...content);

  const actors = new Map();
  for (const mention of doc.mentions) {
    const entry = actors.get(mention.entity) ?? { mention, forms: new Set(), n: 0 };
    entry.n += 1;
    entry.forms.add(mention.text);
    actors.set(mention.entity, entry);
  }
  const toneText = doc.tone ? `tone ${fmt.signed(doc.tone.score * 100)} / 100` : 'no tone';
  main.replaceChildren(
    el('header', { class: 'doc-head' },
      el('h1', { 'data-testid': 'doc-title' }, doc.title || basename(doc.external_id)),
      el('p', { class: 'muted' },
        `${doc.date ?? 'undated'} (${doc.date_source ?? '—'}) · ${doc.mentions.length} mentions · ${doc.events.length} events · ${doc.claims.length} claims · ${toneText}`,
        doc.url ? el('span', {}, ' · ', el('a', { href: doc.url, target: '_blank', rel: 'noopener noreferrer' }, 'source')) : null),
      el('p', { class: 'legend-line' },
        el('span', { class: 'm kind-country' }, 'actor mention'), ' ',
        el('span', { class: 'ev q1' }, 'cooperation event'), ' ',
        el('span', { class: 'ev q4' }, 'conflict event'), ' ',
        el('span', { class: 'cl cert-certain' }, 'claim (shade = certainty)'), ' ',
        el('span', { class: 'cue' }, 'certainty cue'), ' ',
        el('span', { class: 'muted' }, '— hover any highlight for the rule and evidence')),
    ),
    el('div', { class: 'doc-body' },
      text,
      el('aside', { class: 'doc-side', 'data-testid': 'doc-side' },
        el('h3', {}, `Events (${doc.events.length})`),
        el('ol', { class: 'cards', 'data-testid': 'doc-events' }, doc.events.map((event, idx) =>
          card(`e${idx}`,
            el('div', { class: 'card-head' }, el('span', { class: `code quad-${event.quad}` }, event.cameo), ' ', event.cameo_name ?? ''),
            el('div', {}, sideName(event.source), ' → ', sideName(event.target), event.modality !== 'asserted' ? el('span', { class: 'modality' }, event.modality) : null),
            el('div', { class: 'muted small' }, `“${event.evidence_text}” · ${event.rule}`)))),
        el('h3', {}, `Claims (${doc.claims.length})`),
        el('ol', { class: 'cards', 'data-testid': 'doc-claims' }, doc.claims.map((claim, idx) =>
          card(`c${idx}`,
            el('div', { class: 'card-head' }, el('span', { class: `badge cert-${claim.certainty}` }, claim.certainty), ' ', claim.type, ' · ', claim.time),
            el('div', {}, `“${truncate(claim.text, 140)}”`),
            el('div', { class: 'muted small' }, `holder ${claim.holder}${claim.cues.length ? ` · cues ${claim.cues.map((cue) => `“${cue.text}”`).join(', ')}` : ''} · ${claim.rule}`)))),
        el('h3', {}, `Actors (${actors.size})`),
        el('ul', { class: 'actors' }, [...actors.values()].sort((p, q) => q.n - p.n).map(({ mention, forms, n }) =>
          el('li', {}, el('span', { class: `dot kind-${mention.kind}` }), el('b', {}, mention.name), ` ${mention.actor} ×${n}`,
            el('span', { class: 'muted small' }, ` ${[...forms].slice(0, 4).map((form) => `“${form}”`).join(', ')}`)))),
        doc.diagnostics.length
          ? [el('h3', {}, `Diagnostics (${doc.diagnostics.length})`), el('ul', { class: 'diagnostics' }, doc.diagnostics.map((diagnostic) => el('li', {}, el('b', {}, diagnostic.code), ` ${diagnostic.message}`)))]
          : null,
      ),
    ),
  );
}

function sideName(side) {
  if (!side) return el('i', { class: 'muted' }, 'unknown');
  return el('span', { title: side.entity ?? '' }, side.name ?? side.actor, el('span', { class: 'muted small' }, ` ${side.actor}`));
}

function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** The tooltip of a highlighted piece: every annotation that covers it, most specific first. */
function explain(covering, doc) {
  const order = { e: 0, m: 1, q: 2, c: 3 };
  return covering
    .slice()
    .sort((p, q) => order[p.kind] - order[q.kind])
    .map((annotation) => {
      const data = annotation.data;
      if (annotation.kind === 'm') {
        return el('div', { class: 'tip-block' },
          el('div', { class: 'tip-title' }, `Actor: ${data.name}`),
          row('Code', `${data.actor} (${data.kind})`),
          row('Entity', data.entity),
          row('Rule', data.rule),
          row('Matched form', data.form));
      }
      if (annotation.kind === 'e') {
        const quad = QUADS[data.quad - 1];
        return el('div', { class: 'tip-block' },
          el('div', { class: 'tip-title' }, `Event ${data.cameo}: ${data.cameo_name ?? ''}`),
          row('Who', `${data.source?.name ?? data.source?.actor ?? '?'} → ${data.target?.name ?? data.target?.actor ?? '—'}`),
          row('Codes', `${data.source?.actor ?? '?'} → ${data.target?.actor ?? '—'}${data.plover ? ` · PLOVER ${data.plover}` : ''}`),
          row('Class', `${quad?.name ?? data.quad}, Goldstein ${fmt.signed(data.goldstein)}`),
          row('Modality', data.modality),
          row('Evidence', `“${data.evidence_text}”`),
          row('Rule', data.rule));
      }
      if (annotation.kind === 'q') {
        return el('div', { class: 'tip-block' }, el('div', { class: 'tip-title' }, `Cue “${data.cue.text}”`), row('Sets', `${data.claim.certainty} certainty, ${data.claim.time}`));
      }
      const event = data.event !== null && data.event !== undefined ? doc.events[data.event] : null;
      return el('div', { class: 'tip-block' },
        el('div', { class: 'tip-title' }, `Claim: ${data.type}`),
        row('Holder', data.holder),
        row('Certainty', data.certainty),
        row('Time', data.time),
        data.cues.length ? row('Cues', data.cues.map((cue) => `“${cue.text}”`).join(', ')) : null,
        event ? row('About', `${event.cameo} ${event.cameo_name ?? ''}`) : null,
        row('Rule', data.rule));
    });
}

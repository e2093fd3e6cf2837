// The history chart and the sparkline: SVG drawn here, no library. Time runs on the x axis (a
// day without a point leaves a gap in time, not a jump), scores 0-100 on the y axis.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const DAY_MS = 86400000;
const PARTS = ['reach', 'amplification', 'authority', 'activity'];

function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function dayOf(p) { return Math.floor(Date.parse(p.day) / DAY_MS); }

function isoDay(d) { return new Date(d * DAY_MS).toISOString().slice(0, 10); }

function shortDay(d) {
  return new Date(d * DAY_MS).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function value(p, line) {
  return Number(line === 'score' ? (p.score || 0) : ((p.components || {})[line] || 0));
}

/**
 * Draws `points` (the API's history points) into `svg` over the `days` ending today, with axes,
 * a line per entry of `lines` and a dot per day of score. Returns the x of each point, for hover.
 */
function drawChart(svg, points, days, lines) {
  svg.replaceChildren();
  // Drawn at the width it is shown at, so that its text stays legible on a phone.
  const W = Math.max(300, Math.round(svg.getBoundingClientRect().width || 640));
  const H = Math.round(Math.min(300, Math.max(200, W * 0.3))), left = 34, right = 12, top = 10, bottom = 26;
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  const today = Math.floor(Date.now() / DAY_MS);
  const first = Math.min(today - days + 1, points.length ? dayOf(points[0]) : today);
  const last = Math.max(today, points.length ? dayOf(points[points.length - 1]) : today);
  const span = Math.max(1, last - first);
  const x = d => left + (d - first) * (W - left - right) / span;
  const y = v => top + (100 - v) * (H - top - bottom) / 100;
  const axes = svgEl('g', { class: 'axes' });
  for (const v of [0, 25, 50, 75, 100]) {
    axes.append(svgEl('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'grid' }));
    axes.append(svgEl('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const ticks = Math.min(W < 500 ? 4 : 6, span + 1);
  for (let i = 0; i < ticks; i++) {
    const d = Math.round(first + i * span / Math.max(1, ticks - 1));
    axes.append(svgEl('line', { x1: x(d), x2: x(d), y1: H - bottom, y2: H - bottom + 4, class: 'tick' }));
    axes.append(svgEl('text', { x: x(d), y: H - 6, 'text-anchor': i === 0 ? 'start' : i === ticks - 1 ? 'end' : 'middle' }, shortDay(d)));
  }
  axes.append(svgEl('line', { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: 'axis' }));
  svg.append(axes);
  for (const line of [...PARTS, 'score']) {
    if (!lines.has(line)) continue;
    svg.append(svgEl('polyline', {
      class: 'line ' + line,
      points: points.map(p => x(dayOf(p)).toFixed(1) + ',' + y(value(p, line)).toFixed(1)).join(' '),
    }));
  }
  const xs = [];
  for (const p of points) {
    const c = svgEl('circle', { cx: x(dayOf(p)).toFixed(1), cy: y(value(p, 'score')).toFixed(1), r: 3, class: 'point' });
    c.append(svgEl('title', {}, isoDay(dayOf(p)) + ': ' + value(p, 'score').toFixed(1)));
    svg.append(c);
    xs.push(x(dayOf(p)));
  }
  const cursor = svgEl('line', { x1: 0, x2: 0, y1: top, y2: H - bottom, class: 'cursor', visibility: 'hidden' });
  svg.append(cursor);
  svg.setAttribute('aria-label', 'daily score from ' + isoDay(first) + ' to ' + isoDay(last)
    + ', ' + points.length + (points.length === 1 ? ' day' : ' days') + ' with a score'
    + (points.length ? ', latest ' + value(points[points.length - 1], 'score').toFixed(1) : ''));
  return { xs, cursor, width: W };
}

/** The words of one day's values, for the hover tip and the keyboard cursor. */
function describePoint(p, lines) {
  const parts = ['score', ...PARTS].filter(l => l === 'score' || lines.has(l))
    .map(l => l + ' ' + value(p, l).toFixed(1));
  return isoDay(dayOf(p)) + ': ' + parts.join(', ');
}

/** Hover and arrow keys show one day's values: a cursor line and a tip. */
function attachHover(box, svg, tip, state) {
  const show = i => {
    const { points, drawn, lines } = state();
    if (!points.length) return;
    const k = Math.max(0, Math.min(points.length - 1, i));
    box.dataset.index = String(k);
    drawn.cursor.setAttribute('x1', drawn.xs[k]);
    drawn.cursor.setAttribute('x2', drawn.xs[k]);
    drawn.cursor.setAttribute('visibility', 'visible');
    tip.hidden = false;
    tip.textContent = describePoint(points[k], lines);
    const rect = svg.getBoundingClientRect();
    const px = drawn.xs[k] * rect.width / drawn.width;
    tip.style.left = Math.max(0, Math.min(rect.width - tip.offsetWidth, px - tip.offsetWidth / 2)) + 'px';
  };
  svg.addEventListener('pointermove', ev => {
    const { drawn } = state();
    if (!drawn || !drawn.xs.length) return;
    const rect = svg.getBoundingClientRect();
    const vx = (ev.clientX - rect.left) * drawn.width / rect.width;
    let best = 0;
    drawn.xs.forEach((px, i) => { if (Math.abs(px - vx) < Math.abs(drawn.xs[best] - vx)) best = i; });
    show(best);
  });
  svg.addEventListener('pointerleave', () => {
    tip.hidden = true;
    const { drawn } = state();
    if (drawn) drawn.cursor.setAttribute('visibility', 'hidden');
  });
  box.addEventListener('keydown', ev => {
    const n = state().points.length;
    const at = box.dataset.index === undefined ? n - 1 : Number(box.dataset.index);
    if (ev.key === 'ArrowLeft') show(at - 1);
    else if (ev.key === 'ArrowRight') show(at + 1);
    else if (ev.key === 'Home') show(0);
    else if (ev.key === 'End') show(n - 1);
    else return;
    ev.preventDefault();
  });
  box.addEventListener('focus', () => { if (state().points.length) show(state().points.length - 1); });
}

/** A small trend line of the scores, without axes: the card's sparkline. */
function drawSparkline(svg, points) {
  svg.replaceChildren();
  const W = 160, H = 40, pad = 3;
  if (points.length < 2) {
    svg.append(svgEl('text', { x: 0, y: 24, class: 'spark-empty' }, points.length ? 'one day so far' : 'no history yet'));
    svg.setAttribute('aria-label', 'trend: not enough history yet');
    return;
  }
  const first = dayOf(points[0]), span = Math.max(1, dayOf(points[points.length - 1]) - first);
  const scores = points.map(p => value(p, 'score'));
  const lo = Math.min(...scores), hi = Math.max(...scores), range = Math.max(1, hi - lo);
  const xy = points.map((p, i) => [pad + (dayOf(p) - first) * (W - 2 * pad) / span,
    H - pad - (scores[i] - lo) * (H - 2 * pad) / range]);
  svg.append(svgEl('polyline', { class: 'spark', points: xy.map(([a, b]) => a.toFixed(1) + ',' + b.toFixed(1)).join(' ') }));
  const [lx, ly] = xy[xy.length - 1];
  svg.append(svgEl('circle', { cx: lx.toFixed(1), cy: ly.toFixed(1), r: 2.5, class: 'spark-end' }));
  svg.setAttribute('aria-label', 'trend over ' + points.length + ' days: from ' + scores[0].toFixed(1)
    + ' to ' + scores[scores.length - 1].toFixed(1));
}

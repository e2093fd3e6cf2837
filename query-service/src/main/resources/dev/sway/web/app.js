// The Sway page: reads the HTTP/JSON API of the query service that serves it (same origin).
'use strict';

const state = { key: '', subject: null, boardTokens: [''], boardPage: 0, days: 30 };

function $(id) { return document.getElementById(id); }

function say(text) { $('message').textContent = text; }

async function api(path, options = {}) {
  const headers = { 'Authorization': 'Bearer ' + state.key };
  if (options.body) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { ...options, headers });
  const body = await r.json();
  if (!r.ok) {
    const err = new Error(body.message || ('HTTP ' + r.status));
    err.status = r.status;
    throw err;
  }
  return body;
}

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function fixed(x) { return Number(x || 0).toFixed(1); }

function showAccount(network, account) {
  return showSubject({
    path: '/v1/accounts/' + encodeURIComponent(network) + '/' + encodeURIComponent(account),
    name: network + ':' + account,
    explain: true,
  });
}

function showPerson(person) {
  return showSubject({
    path: '/v1/persons/' + encodeURIComponent(person),
    name: 'person ' + person,
    explain: false,
  });
}

async function showSubject(subject) {
  state.subject = subject;
  say('');
  const path = subject.path;
  let score;
  try {
    score = (await api(path + '/score')).score;
  } catch (e) {
    $('card').hidden = true;
    if (e.status === 404) say('No score for ' + subject.name + ' yet: Sway has not seen it receive any engagement.');
    else if (e.status === 401 || e.status === 403) say('The API key was refused: ' + e.message);
    else say('Could not read the score: ' + e.message);
    return;
  }
  $('card').hidden = false;
  $('card-title').textContent = subject.name;
  $('card-score').textContent = fixed(score.score);
  $('card-percentile').textContent = 'Higher than ' + fixed(score.percentile) + ' % of scored accounts.';
  const rows = $('card-components').querySelector('tbody');
  rows.replaceChildren();
  for (const [name, value] of Object.entries(score.components || {})) {
    const tr = el('tr');
    tr.append(el('td', name), el('td', fixed(value)));
    rows.append(tr);
  }
  $('card-networks').replaceChildren(...(score.networkScores || []).map(n => el('li', n.network + ': ' + fixed(n.score))));
  $('card-topics').replaceChildren(...(score.topicScores || []).map(t => el('li', '#' + t.topic + ': ' + fixed(t.score))));
  if (subject.explain) {
    try {
      const why = await api(path + '/explanation');
      $('explanation').replaceChildren(...(why.summary || []).map(s => el('li', s)));
    } catch (e) {
      $('explanation').replaceChildren(el('li', 'No explanation: ' + e.message));
    }
  } else {
    // A person's score combines its accounts' (the best per network): they are the explanation.
    $('explanation').replaceChildren(...(score.linkedAccounts || []).map(
      a => el('li', 'Linked account ' + a.network + ':' + a.accountId)));
  }
  await showHistory();
}

async function showHistory() {
  const start = new Date(Date.now() - state.days * 86400000).toISOString();
  const h = await api(state.subject.path + '/history?start_time=' + encodeURIComponent(start));
  const points = h.points || [];
  // A change is absent where the account had no score that far back: "n/a", never a zero.
  const change = d => (d === undefined ? 'n/a' : (d >= 0 ? '+' : '') + fixed(d));
  const trend = h.trend && h.trend !== 'TREND_UNSPECIFIED'
    ? h.trend.replace('TREND_', '').toLowerCase() : 'no trend yet';
  $('deltas').textContent = 'Change: ' + change(h.delta1d) + ' in a day, ' + change(h.delta7d)
    + ' in 7 days, ' + change(h.delta30d) + ' in 30 days (' + trend + ').';
  const svg = $('chart');
  svg.replaceChildren();
  const ns = 'http://www.w3.org/2000/svg';
  const w = 600, hgt = 200, pad = 10;
  const xy = points.map((p, i) => [
    pad + (points.length < 2 ? (w - 2 * pad) / 2 : i * (w - 2 * pad) / (points.length - 1)),
    hgt - pad - (Number(p.score || 0) / 100) * (hgt - 2 * pad)]);
  // The four components, thin, under the score.
  for (const part of ['reach', 'amplification', 'authority', 'activity']) {
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('class', part);
    line.setAttribute('points', points.map((p, i) => xy[i][0].toFixed(1) + ','
      + (hgt - pad - (Number((p.components || {})[part] || 0) / 100) * (hgt - 2 * pad)).toFixed(1)).join(' '));
    svg.append(line);
  }
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('class', 'score');
  line.setAttribute('points', xy.map(([x, y]) => x.toFixed(1) + ',' + y.toFixed(1)).join(' '));
  svg.append(line);
  points.forEach((p, i) => {
    const c = document.createElementNS(ns, 'circle');
    c.setAttribute('cx', xy[i][0].toFixed(1));
    c.setAttribute('cy', xy[i][1].toFixed(1));
    c.setAttribute('r', '3');
    c.setAttribute('class', 'point');
    const title = document.createElementNS(ns, 'title');
    title.textContent = p.day.slice(0, 10) + ': ' + fixed(p.score);
    c.append(title);
    svg.append(c);
  });
  svg.setAttribute('aria-label', 'daily score over ' + state.days + ' days, ' + points.length + ' points');
}

/** A table cell naming an account, a link that opens its card. */
function accountCell(account) {
  const link = el('a', account.network + ':' + account.accountId, { href: '#' });
  link.addEventListener('click', ev => { ev.preventDefault(); showAccount(account.network, account.accountId); });
  const cell = el('td');
  cell.append(link);
  return cell;
}

async function showBoard() {
  const params = new URLSearchParams({ page_size: '10', page_token: state.boardTokens[state.boardPage] });
  const network = $('board-network').value.trim();
  const topic = $('board-topic').value.trim();
  if (network) params.set('network', network);
  if (topic) params.set('topic', topic);
  let page;
  try {
    page = await api('/v1/leaderboard?' + params);
  } catch (e) {
    say('Could not read the leaderboard: ' + e.message);
    return;
  }
  const rows = $('board').querySelector('tbody');
  rows.replaceChildren(...(page.entries || []).map(e => {
    const tr = el('tr');
    tr.append(el('td', e.rank), accountCell(e.account), el('td', fixed(e.score)));
    return tr;
  }));
  $('board-total').textContent = page.totalSize + ' accounts, page ' + (state.boardPage + 1) + '.';
  state.boardTokens[state.boardPage + 1] = page.nextPageToken;
  $('board-next').disabled = !page.nextPageToken;
  $('board-prev').disabled = state.boardPage === 0;
}

async function showTopics() {
  try {
    const t = await api('/v1/topics?page_size=20');
    $('topics').replaceChildren(...(t.topics || []).map(x => {
      const li = el('li');
      const b = el('button', '#' + x.topic + ' (' + x.accountCount + ' accounts)', { type: 'button' });
      b.addEventListener('click', () => { $('board-topic').value = x.topic; $('board-network').value = ''; restartBoard(); });
      li.append(b);
      return li;
    }));
  } catch (e) { /* the leaderboard says why already */ }
}

async function showRisers() {
  let page;
  try {
    page = await api('/v1/movers?window_days=7&direction=MOVE_DIRECTION_UP&page_size=10');
  } catch (e) {
    return; // the leaderboard says why already
  }
  $('risers').querySelector('tbody').replaceChildren(...(page.movers || []).map(m => {
    const tr = el('tr');
    const cell = accountCell(m.account);
    const change = el('td', '+' + fixed(m.delta) + (m.damped ? ' (mostly from engagement the anti-gaming rules damp)' : ''));
    if (m.damped) change.className = 'damped';
    tr.append(el('td', m.rank), cell, el('td', fixed(m.score)), change);
    return tr;
  }));
}

function restartBoard() { state.boardTokens = ['']; state.boardPage = 0; showBoard(); }

function useKey(key) {
  state.key = key;
  sessionStorage.setItem('sway-key', key);
  $('key-section').hidden = true;
  restartBoard();
  showTopics();
  showRisers();
}

document.addEventListener('DOMContentLoaded', () => {
  // A key handed over in the address's fragment (never sent to a server) is kept for this tab.
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromFragment = fragment.get('key');
  const wanted = fragment.get('account');
  if (fromFragment) history.replaceState(null, '', location.pathname);
  const key = fromFragment || sessionStorage.getItem('sway-key');
  if (key) useKey(key);
  // #account=network:id opens that account at once (links from sway up and sway demo).
  if (key && wanted && wanted.includes(':')) {
    const colon = wanted.indexOf(':');
    $('network').value = wanted.slice(0, colon);
    $('account').value = wanted.slice(colon + 1);
    showAccount(wanted.slice(0, colon), wanted.slice(colon + 1));
  }
  $('key-form').addEventListener('submit', ev => { ev.preventDefault(); useKey($('key').value); });
  $('search-form').addEventListener('submit', ev => {
    ev.preventDefault();
    showAccount($('network').value.trim(), $('account').value.trim());
  });
  $('person-form').addEventListener('submit', ev => {
    ev.preventDefault();
    showPerson($('person').value.trim());
  });
  $('board-form').addEventListener('submit', ev => { ev.preventDefault(); restartBoard(); });
  $('board-next').addEventListener('click', () => { state.boardPage++; showBoard(); });
  $('board-prev').addEventListener('click', () => { state.boardPage--; showBoard(); });
  for (const b of document.querySelectorAll('#ranges button')) {
    b.addEventListener('click', () => {
      state.days = Number(b.dataset.days);
      for (const o of document.querySelectorAll('#ranges button')) o.setAttribute('aria-pressed', String(o === b));
      if (state.subject) showHistory();
    });
  }
});

// The Sway page: reads the HTTP/JSON API of the query service that serves it (same origin).
// Every view has its own address in the fragment (#/account/x:alice, #/person/anna, #/top,
// #/top/x, #/topic/ai, #/persons, #/topics), so it survives a reload and can be sent; the key
// never travels in an address sent to the server: a #key=... handed over is moved to this tab's
// storage and removed from the address at once.
'use strict';

const state = {
  key: '', subject: null, boardTokens: [''], boardPage: 0, board: {}, days: 30,
  lines: new Set(['score']), points: [], drawn: null, live: null, updatedAt: 0,
};

function $(id) { return document.getElementById(id); }

function say(text) { $('message').textContent = text; }

async function api(path, options = {}) {
  const headers = { 'Authorization': 'Bearer ' + state.key };
  if (options.body) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { ...options, headers });
  const type = r.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await r.json() : await r.text();
  if (!r.ok) {
    const err = new Error((body && body.message) || ('HTTP ' + r.status));
    err.status = r.status;
    throw err;
  }
  return body;
}

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function fixed(x) { return Number(x || 0).toFixed(1); }

function signed(x) { return (x >= 0 ? '+' : '') + fixed(x); }

function accountName(a) { return a.network + ':' + a.accountId; }

function accountHref(a) { return '#/account/' + encodeURIComponent(accountName(a)); }

function personHref(p) { return '#/person/' + encodeURIComponent(p); }

/** A link to an account's own card. */
function accountLink(a) { return el('a', accountName(a), { href: accountHref(a) }); }

/** The percentile in words: where the score stands among every scored account. */
function percentileWords(p) {
  const pct = Math.floor(Number(p || 0) * 10) / 10;
  if (pct >= 100) return 'Top of the board — higher than every other scored account';
  if (pct >= 50) {
    const top = Math.max(1, Math.ceil(100 - pct));
    return 'Top ' + top + ' % — higher than ' + fixed(pct) + ' % of scored accounts';
  }
  return 'Below the median — higher than ' + fixed(pct) + ' % of scored accounts';
}

/** How strong a topic score is, in a word (40 is the median score, about 63 the 95th percentile). */
function expertise(score) {
  if (score >= 63) return 'expert';
  if (score >= 50) return 'specialist';
  if (score >= 40) return 'known for it';
  return 'getting started';
}

// ---- Routing -------------------------------------------------------------------------------

function route() {
  const hash = decodeURIComponent(location.hash.slice(1));
  const [, view, ...rest] = hash.split('/');
  const arg = rest.join('/');
  return { view: view || 'top', arg };
}

function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function showOnly(id) {
  for (const s of ['card', 'board-section', 'topics-section']) $(s).hidden = s !== id;
  for (const [nav, active] of [['nav-top', id === 'board-section' && !state.board.persons],
    ['nav-persons', id === 'board-section' && !!state.board.persons], ['nav-topics', id === 'topics-section']]) {
    if (active) $(nav).setAttribute('aria-current', 'page'); else $(nav).removeAttribute('aria-current');
  }
}

/**
 * A key handed over in the fragment (#key=...&account=x:alice, from sway up and sway demo) is kept
 * for this tab and taken out of the address; the account becomes the card's own address.
 */
function takeKeyFromAddress() {
  if (!location.hash.startsWith('#key=')) return;
  const fragment = new URLSearchParams(location.hash.slice(1));
  const wanted = fragment.get('account');
  history.replaceState(null, '', location.pathname + (wanted ? '#/account/' + encodeURIComponent(wanted) : '#/top'));
  state.key = fragment.get('key') || '';
  sessionStorage.setItem('sway-key', state.key);
  $('key-section').hidden = !!state.key;
}

async function render() {
  takeKeyFromAddress();
  stopLive();
  say('');
  if (!state.key) {
    for (const s of ['card', 'board-section', 'topics-section']) $(s).hidden = true;
    $('key-section').hidden = false;
    say('Give an API key to see scores: this address opens once the key is set.');
    return;
  }
  const { view, arg } = route();
  if (view === 'account' && arg.includes(':')) {
    const colon = arg.indexOf(':');
    return showAccount(arg.slice(0, colon), arg.slice(colon + 1));
  }
  if (view === 'person' && arg) return showPerson(arg);
  if (view === 'topics') return showTopics();
  if (view === 'topic' && arg) return showBoard({ topic: arg });
  if (view === 'persons') return showBoard({ persons: true });
  if (view === 'top') return showBoard(arg ? { network: arg } : {});
  say('This address names no page of Sway: showing the leaderboard.');
  return showBoard({});
}

// ---- The score card ------------------------------------------------------------------------

function showAccount(network, account) {
  return showSubject({
    path: '/v1/accounts/' + encodeURIComponent(network) + '/' + encodeURIComponent(account),
    badge: '/v1/badges/accounts/' + encodeURIComponent(network) + '/' + encodeURIComponent(account) + '.svg',
    name: network + ':' + account, href: accountHref({ network, accountId: account }),
    watch: 'account=' + encodeURIComponent(network + ':' + account), person: false,
  });
}

function showPerson(person) {
  return showSubject({
    path: '/v1/persons/' + encodeURIComponent(person),
    badge: '/v1/badges/persons/' + encodeURIComponent(person) + '.svg',
    name: person, href: personHref(person), watch: 'person=' + encodeURIComponent(person), person: true,
  });
}

async function showSubject(subject) {
  state.subject = subject;
  document.title = subject.name + ' — Sway';
  let score;
  try {
    score = (await api(subject.path + '/score')).score;
  } catch (e) {
    showOnly(null);
    if (e.status === 404) {
      say('No score for ' + (subject.person ? 'person ' : '') + subject.name + ' yet: Sway has not seen it receive any engagement. '
        + (subject.person ? 'Check the person id, or link accounts to it with sway link.'
          : 'Check the spelling (network:id, such as x:alice), or load its interactions with sway ingest.'));
    } else if (e.status === 401 || e.status === 403) {
      say('The API key was refused (' + e.message + '): give a key of the query:read scope.');
      $('key-section').hidden = false;
    } else say('Could not read the score: ' + e.message);
    return;
  }
  if (state.subject !== subject) return;
  showOnly('card');
  $('card-kind').textContent = subject.person ? 'person' : 'account';
  $('card-title').textContent = subject.name;
  $('card-link').textContent = location.origin + location.pathname + subject.href;
  $('card-link').href = subject.href;
  $('badge-snippet').textContent = '<img src="' + location.origin + subject.badge + '" alt="Sway score of ' + subject.name + '">';
  fillScore(score);
  $('card-live').textContent = '';
  startLive(subject);
  $('influenced-by').replaceChildren();
  const jobs = [showHistory(), showBadge(subject)];
  if (!subject.person) jobs.push(showExplanation(subject));
  else {
    $('explanation').replaceChildren(el('li', 'A person\'s score is made of its linked accounts\' scores: '
      + 'open each account for its own explanation and the accounts that influence it.'));
  }
  await Promise.all(jobs);
}

/** The numbers of a Score message into the card (also on each live update). */
function fillScore(score) {
  const subject = state.subject;
  $('card-score').textContent = fixed(score.score);
  $('card-percentile').textContent = percentileWords(score.percentile);
  $('card-counts').textContent = Number(score.interactionCount || 0).toLocaleString('en') + ' interactions counted, '
    + Number(score.followers || 0).toLocaleString('en') + ' followers';
  const owner = $('card-owner');
  owner.replaceChildren();
  if (subject.person) {
    owner.append('Combines ' + (score.linkedAccounts || []).length + ' linked accounts: ');
    (score.linkedAccounts || []).forEach((a, i) => { if (i) owner.append(', '); owner.append(accountLink(a)); });
  } else if (score.personId) {
    owner.append('Belongs to person ');
    owner.append(el('a', score.personId, { href: personHref(score.personId) }));
  }
  const comps = score.components || {};
  $('card-components').replaceChildren(...['reach', 'amplification', 'authority', 'activity'].map(name => {
    const li = el('li', null, { class: name });
    const bar = el('span', null, { class: 'bar', 'aria-hidden': 'true' });
    const fill = el('span');
    fill.style.width = Math.max(0, Math.min(100, Number(comps[name] || 0))) + '%';
    bar.append(fill);
    li.append(el('span', name, { class: 'name' }), bar, el('span', fixed(comps[name]), { class: 'value' }));
    return li;
  }));
  $('card-networks').replaceChildren(...(score.networkScores || []).map(n => {
    const li = el('li');
    li.append(el('a', n.network, { href: '#/top/' + encodeURIComponent(n.network) }), ' ', el('strong', fixed(n.score)));
    return li;
  }));
  if (!(score.networkScores || []).length) $('card-networks').append(el('li', 'one network only'));
  const topics = score.topicScores || [];
  $('card-topics').replaceChildren(...topics.map(t => {
    const li = el('li');
    li.append(el('a', '#' + t.topic, { href: '#/topic/' + encodeURIComponent(t.topic) }),
      el('span', fixed(t.score), { class: 'topic-score' }), el('span', expertise(t.score), { class: 'level' }));
    return li;
  }));
  if (!topics.length) $('card-topics').append(el('li', 'No topics yet: interactions tagged with topics give them.', { class: 'empty' }));
  const combine = $('card-combine');
  combine.hidden = !subject.person;
  combine.textContent = subject.person
    ? 'How a person\'s numbers combine: on each network its best account counts; networks add up with '
      + 'diminishing returns (a second network adds less than the first, and never lowers the score), '
      + 'components the same way; each topic takes the best of its accounts.' : '';
  $('influencers').hidden = subject.person;
}

async function showExplanation(subject) {
  try {
    const why = await api(subject.path + '/explanation?top_n=10');
    if (state.subject !== subject) return;
    $('explanation').replaceChildren(...(why.summary || []).map(s => el('li', s)));
    const engagers = why.topEngagers || [];
    $('influenced-by').replaceChildren(...engagers.map(e => {
      const li = el('li');
      if (e.unregistered) li.append('an unregistered ' + e.account.network + ' account');
      else li.append(accountLink(e.account));
      li.append(el('span', ' ' + fixed(e.sharePercent) + ' % of its engagement', { class: 'share' }));
      return li;
    }));
    if (!engagers.length) $('influenced-by').append(el('li', 'Nobody has engaged with it yet.', { class: 'empty' }));
  } catch (e) {
    $('explanation').replaceChildren(el('li', 'No explanation: ' + e.message));
  }
}

function showBadge(subject) {
  // Revalidated each time (its ETag makes an unchanged badge a 304), never a stale copy.
  return api(subject.badge, { cache: 'no-cache' }).then(svg => {
    if (state.subject === subject) $('badge').src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    $('badge').alt = 'Sway badge of ' + subject.name;
  }).catch(() => { $('badge').alt = ''; });
}

async function showHistory() {
  const subject = state.subject;
  const days = Math.max(state.days, 30);
  const start = new Date(Date.now() - (days - 1) * 86400000).toISOString();
  let h;
  try {
    h = await api(subject.path + '/history?start_time=' + encodeURIComponent(start));
  } catch (e) {
    $('deltas').replaceChildren(el('dt', 'History'), el('dd', 'could not be read: ' + e.message));
    return;
  }
  if (state.subject !== subject) return;
  const all = h.points || [];
  const since = Math.floor(Date.now() / 86400000) - state.days + 1;
  state.points = all.filter(p => Math.floor(Date.parse(p.day) / 86400000) >= since);
  const monthStart = Math.floor(Date.now() / 86400000) - 29;
  drawSparkline($('sparkline'), all.filter(p => Math.floor(Date.parse(p.day) / 86400000) >= monthStart));
  // A change is absent where the account had no score that far back: "n/a", never a zero.
  const change = d => (d === undefined ? 'n/a' : signed(d));
  const week = $('card-week');
  if (h.delta7d === undefined) {
    week.className = 'week';
    week.textContent = 'This week: n/a (no score 7 days back yet)';
  } else {
    // The API's trend names the direction (2 points or more over 7 days), as the CLI does.
    const dir = h.trend === 'TREND_RISING' ? 'up' : h.trend === 'TREND_FALLING' ? 'down' : 'steady';
    week.className = 'week ' + dir;
    week.replaceChildren(el('span', dir === 'up' ? '▲ ' : dir === 'down' ? '▼ ' : '■ ', { 'aria-hidden': 'true' }),
      'This week ' + signed(h.delta7d) + ' (' + dir + ')');
  }
  const trend = h.trend && h.trend !== 'TREND_UNSPECIFIED' ? h.trend.replace('TREND_', '').toLowerCase() : 'no trend yet';
  $('deltas').replaceChildren(
    el('dt', '1 day'), el('dd', change(h.delta1d)),
    el('dt', '7 days'), el('dd', change(h.delta7d)),
    el('dt', '30 days'), el('dd', change(h.delta30d)),
    el('dt', 'trend'), el('dd', trend));
  redrawChart();
  $('history-table').querySelector('tbody').replaceChildren(...state.points.slice().reverse().map(p => {
    const tr = el('tr');
    tr.append(el('th', p.day.slice(0, 10), { scope: 'row' }), el('td', fixed(p.score)));
    for (const part of ['reach', 'amplification', 'authority', 'activity']) tr.append(el('td', fixed((p.components || {})[part])));
    return tr;
  }));
}

function redrawChart() {
  state.drawn = drawChart($('chart'), state.points, state.days, state.lines);
  $('chart-tip').hidden = true;
  delete $('chart-box').dataset.index;
}

// ---- Live: the open card follows its score --------------------------------------------------

function stopLive() {
  if (state.live) state.live.abort();
  state.live = null;
}

/** Follows /v1/scores:watch (server-sent events) with the key in a header, which EventSource cannot send. */
async function startLive(subject) {
  const ctl = new AbortController();
  state.live = ctl;
  try {
    const r = await fetch('/v1/scores:watch?' + subject.watch,
      { headers: { 'Authorization': 'Bearer ' + state.key, 'Accept': 'text/event-stream' }, signal: ctl.signal });
    if (!r.ok || !r.body) throw new Error('HTTP ' + r.status);
    $('card-live').textContent = 'Live: follows changes as they are stored.';
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        onEvent(subject, buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    if (ctl.signal.aborted) return;
  }
  if (state.live === ctl && state.subject === subject) {
    $('card-live').textContent = 'Live updates paused; reconnecting…';
    setTimeout(() => { if (state.live === ctl && state.subject === subject) startLive(subject); }, 3000);
  }
}

function onEvent(subject, block) {
  let name = 'message', data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (state.subject !== subject || !data) return;
  const msg = JSON.parse(data);
  if (name === 'score' && msg.score && !msg.initial) {
    fillScore(msg.score);
    state.updatedAt = Date.now();
    tellUpdated();
    showHistory();
    showBadge(subject);
    if (!subject.person) showExplanation(subject);
  } else if (name === 'not_found' && !msg.initial) {
    say('The score of ' + subject.name + ' is gone (erased, or unlinked).');
  }
}

function tellUpdated() {
  if (!state.updatedAt) return;
  const s = Math.round((Date.now() - state.updatedAt) / 1000);
  $('card-live').textContent = 'Live: updated ' + (s < 10 ? 'just now' : s < 90 ? s + ' s ago' : Math.round(s / 60) + ' min ago') + '.';
}

// ---- Leaderboards and topics --------------------------------------------------------------

async function showBoard(board, keepPage) {
  showOnly('board-section');
  if (!keepPage) { state.board = board; state.boardTokens = ['']; state.boardPage = 0; }
  board = state.board;
  $('board-network').value = board.network || '';
  $('board-topic').value = board.topic || '';
  $('board-form').hidden = !!board.persons;
  $('board-title').textContent = board.persons ? 'Persons' : board.topic ? 'Leaderboard of #' + board.topic
    : board.network ? 'Leaderboard on ' + board.network : 'Leaderboard';
  document.title = $('board-title').textContent + ' — Sway';
  $('board-who').textContent = board.persons ? 'person' : 'account';
  showOnly('board-section');
  const params = new URLSearchParams({ page_size: '10', page_token: state.boardTokens[state.boardPage] });
  if (board.network) params.set('network', board.network);
  if (board.topic) params.set('topic', board.topic);
  if (board.persons) params.set('persons', 'true');
  let page;
  try {
    page = await api('/v1/leaderboard?' + params);
  } catch (e) {
    if (e.status === 401 || e.status === 403) $('key-section').hidden = false;
    say('Could not read the leaderboard: ' + e.message);
    return;
  }
  const entries = page.entries || [];
  $('board').querySelector('tbody').replaceChildren(...entries.map(e => {
    const tr = el('tr');
    const who = el('td', null, { class: 'who' });
    who.append(board.persons && e.personId ? el('a', e.personId, { href: personHref(e.personId) }) : accountLink(e.account));
    tr.append(el('td', e.rank), who, el('td', fixed(e.score), { class: 'num' }));
    return tr;
  }));
  suggest(entries.map(e => (board.persons && e.personId ? e.personId : accountName(e.account))));
  const empty = $('board-empty');
  empty.hidden = entries.length > 0;
  empty.textContent = board.topic || board.network
    ? 'Nobody is ranked here yet. Check the spelling, or see the topics Sway knows.'
    : 'No scores yet. Load interactions with sway ingest FILE (or run sway demo); scores appear within seconds.';
  $('board').hidden = entries.length === 0;
  $('board-total').textContent = entries.length ? page.totalSize + (board.persons ? ' persons' : ' accounts')
    + ', page ' + (state.boardPage + 1) + '.' : '';
  state.boardTokens[state.boardPage + 1] = page.nextPageToken;
  $('board-next').disabled = !page.nextPageToken;
  $('board-prev').disabled = state.boardPage === 0;
  $('risers-section').hidden = !!board.persons;
  if (!board.persons) showRisers(board);
}

async function showRisers(board) {
  const params = new URLSearchParams({ window_days: '7', direction: 'MOVE_DIRECTION_UP', page_size: '10' });
  if (board.network) params.set('network', board.network);
  if (board.topic) params.set('topic', board.topic);
  let page;
  try {
    page = await api('/v1/movers?' + params);
  } catch (e) {
    return; // the leaderboard says why already
  }
  const movers = page.movers || [];
  $('risers').querySelector('tbody').replaceChildren(...movers.map(m => {
    const tr = el('tr');
    const who = el('td', null, { class: 'who' });
    who.append(accountLink(m.account));
    const change = el('td', signed(m.delta) + (m.damped ? ' (mostly damped engagement)' : ''), { class: 'num' });
    if (m.damped) change.classList.add('damped');
    tr.append(el('td', m.rank), who, el('td', fixed(m.score), { class: 'num' }), change);
    return tr;
  }));
  if (!movers.length) {
    const tr = el('tr');
    tr.append(el('td', 'No account has a score from 7 days back yet.', { colspan: '4' }));
    $('risers').querySelector('tbody').append(tr);
  }
}

async function showTopics() {
  showOnly('topics-section');
  document.title = 'Topics — Sway';
  try {
    const t = await api('/v1/topics?page_size=50');
    const topics = t.topics || [];
    $('topics').replaceChildren(...topics.map(x => {
      const li = el('li');
      li.append(el('a', '#' + x.topic, { href: '#/topic/' + encodeURIComponent(x.topic) }),
        el('span', Number(x.accountCount).toLocaleString('en') + ' accounts', { class: 'level' }),
        el('span', Number(x.interactionCount).toLocaleString('en') + ' interactions', { class: 'level' }));
      return li;
    }));
    if (!topics.length) $('topics').append(el('li', 'No topics yet: interactions tagged with topics (the topics column) create them.', { class: 'empty' }));
  } catch (e) {
    say('Could not read the topics: ' + e.message);
  }
}

/** Accounts and persons seen on the leaderboards, offered as the search box's suggestions. */
function suggest(names) {
  const list = $('suggestions');
  const known = new Set([...list.options].map(o => o.value));
  for (const n of names) if (!known.has(n)) list.append(el('option', null, { value: n }));
}

function useKey(key) {
  state.key = key;
  sessionStorage.setItem('sway-key', key);
  $('key-section').hidden = true;
  render();
}

document.addEventListener('DOMContentLoaded', () => {
  takeKeyFromAddress();
  state.key = state.key || sessionStorage.getItem('sway-key') || '';
  $('key-section').hidden = !!state.key;
  window.addEventListener('hashchange', render);
  render();
  $('key-form').addEventListener('submit', ev => { ev.preventDefault(); useKey($('key').value.trim()); });
  $('search-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const q = $('lookup').value.trim();
    if (!q) return;
    go(q.includes(':') ? '#/account/' + encodeURIComponent(q) : '#/person/' + encodeURIComponent(q));
  });
  $('board-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const topic = $('board-topic').value.trim(), network = $('board-network').value.trim();
    if (topic && !network) go('#/topic/' + encodeURIComponent(topic));
    else if (network && !topic) go('#/top/' + encodeURIComponent(network));
    else if (!network && !topic) go('#/top');
    else say('A leaderboard is of a network or of a topic: give one of them.');
  });
  $('board-next').addEventListener('click', () => { state.boardPage++; showBoard(state.board, true); });
  $('board-prev').addEventListener('click', () => { state.boardPage--; showBoard(state.board, true); });
  for (const b of document.querySelectorAll('#ranges button')) {
    b.addEventListener('click', () => {
      state.days = Number(b.dataset.days);
      for (const o of document.querySelectorAll('#ranges button')) o.setAttribute('aria-pressed', String(o === b));
      if (state.subject) showHistory();
    });
  }
  for (const box of document.querySelectorAll('#lines input')) {
    box.addEventListener('change', () => {
      if (box.checked) state.lines.add(box.value); else state.lines.delete(box.value);
      redrawChart();
    });
  }
  attachHover($('chart-box'), $('chart'), $('chart-tip'), () => state);
  setInterval(tellUpdated, 10000);
  let resizing;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => { if (!$('card').hidden) redrawChart(); }, 150);
  });
});

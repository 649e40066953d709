// pushbench's live page: receives the server's broadcast four ways at once (fetch polling, long
// polling, EventSource, WebSocket), each panel with a client id of its own, and shows live what
// each costs. URL parameters: poll=MS (the polling interval, default 1000), base=ID (the first of
// the four client ids; default a random multiple of 4 below the server's --clients).
// window.pushbench exposes the state to tests/browser/demo_test.mjs.
'use strict';

const params = new URLSearchParams(location.search);
const POLL_MS = Math.max(10, Number(params.get('poll')) || 1000);
const CLOCK_EXCHANGES = 15;
const RETRY_MS = 1000;  // after a failed request or a closed stream
const PLOT_WINDOW_MS = 30000;
// Counting starts this long after the panels start, so that no panel is charged for setting up
// its connection (events planned before are the backlog).
const SETTLE_MS = 1000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The server's CLOCK_MONOTONIC as offsetNs + performance.now() in ns, measured NTP-style: the
// exchange with the shortest round trip bounds the error best (± half of it). The round trip is
// the browser's own account of the request (Resource Timing: request sent to first response
// byte, on performance.now()'s timeline), without the time fetch() and its promises take in
// JavaScript; where the browser gives none, the time around fetch(). performance.now() is coarsened
// (to 0.1 ms in a page that is not cross-origin isolated), so on loopback the shortest round trip
// can read 0: each of its two readings may be off by up to one grain, which widens the bound by
// two grains (grainMs, the smallest step performance.now() was seen to take).
const clock = {
  offsetNs: null, rttMs: null, grainMs: null, boundMs: null, exchanges: 0, clients: 0, source: '',
};

function timerGrainMs() {
  let grain = Infinity;
  let last = performance.now();
  const end = last + 20;
  while (last < end) {
    const now = performance.now();
    if (now > last) {
      grain = Math.min(grain, now - last);
      last = now;
    }
  }
  return grain;
}

async function measureClock() {
  clock.grainMs = timerGrainMs();
  await fetch('/clock?warm', { cache: 'no-store' });  // opens the connection: not a sample
  for (let i = 0; i < CLOCK_EXCHANGES; ++i) {
    const url = new URL(`/clock?n=${i}`, location.href).href;
    let t0 = performance.now();
    const reply = await (await fetch(url, { cache: 'no-store' })).json();
    let t1 = performance.now();
    const timing = performance.getEntriesByName(url).pop();
    if (timing && timing.requestStart > 0 && timing.responseStart >= timing.requestStart) {
      [t0, t1] = [timing.requestStart, timing.responseStart];
      clock.source = 'Resource Timing';
    } else {
      clock.source = 'around fetch()';
    }
    clock.clients = reply.clients;
    ++clock.exchanges;
    if (clock.rttMs === null || t1 - t0 < clock.rttMs) {
      clock.rttMs = t1 - t0;
      clock.offsetNs = reply.mono_ns - ((t0 + t1) / 2) * 1e6;
    }
  }
  performance.clearResourceTimings();
  clock.boundMs = clock.rttMs / 2 + 2 * clock.grainMs;
}

const nowServerNs = () => performance.now() * 1e6 + clock.offsetNs;

// One way of receiving the broadcast, and its accounting.
class Panel {
  constructor(key, title, how) {
    Object.assign(this, { key, title, how });
    this.client = -1;
    this.received = 0;    // counted events
    this.backlog = 0;     // events planned before counting started (left out)
    this.firstSeq = null;
    this.lastSeq = null;
    this.gaps = 0;        // seqs skipped
    this.outOfOrder = 0;  // a seq at or below one already received
    this.requests = 0;
    this.empty = 0;
    this.bytes = 0;
    this.errors = 0;
    this.state = 'starting';
    this.seqs = [];       // every counted seq, in arrival order (for the test)
    this.latenciesMs = [];
    this.points = [];     // [arrival ms (performance.now), latency ms] for the plot
  }

  // One event as parsed JSON, received at performance.now() = atMs.
  onEvent(ev, atMs) {
    if (ev.t_ns < demo.sinceNs) {
      ++this.backlog;
      return;
    }
    if (this.lastSeq !== null && ev.seq <= this.lastSeq) {
      ++this.outOfOrder;
      return;
    }
    if (this.lastSeq !== null) {
      this.gaps += ev.seq - this.lastSeq - 1;
    } else {
      this.firstSeq = ev.seq;
    }
    this.lastSeq = ev.seq;
    ++this.received;
    this.seqs.push(ev.seq);
    const latencyMs = (atMs * 1e6 + clock.offsetNs - ev.t_ns) / 1e6;
    this.latenciesMs.push(latencyMs);
    this.points.push([atMs, latencyMs]);
  }

  // Exact percentiles (nearest rank) of every counted latency: [p50, p99], null before any.
  percentiles() {
    if (this.latenciesMs.length === 0) return [null, null];
    const sorted = Float64Array.from(this.latenciesMs).sort();
    const rank = (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
    return [rank(50), rank(99)];
  }
}

// One GET /poll or /longpoll: counts it and hands its events to the panel. Returns the seq to
// acknowledge next; throws when the request failed.
async function getEvents(panel, path, after) {
  const r = await fetch(`${path}?client=${panel.client}&after=${after}`, { cache: 'no-store' });
  ++panel.requests;
  const text = await r.text();
  const at = performance.now();
  if (r.status === 204) {
    ++panel.empty;
    return after;
  }
  if (!r.ok) {
    throw new Error(`HTTP ${r.status}`);
  }
  panel.bytes += text.length;  // ASCII JSON: characters are bytes
  for (const ev of JSON.parse(text)) {
    panel.onEvent(ev, at);
    after = ev.seq;
  }
  return after;
}

// GET /poll every POLL_MS (from the start of one request to the next); GET /longpoll again as
// soon as the last one was answered. A failed request is retried after RETRY_MS.
async function runRequests(panel, path, intervalMs, state) {
  let after = -1;
  for (;;) {
    const started = performance.now();
    let waitMs = intervalMs;
    try {
      after = await getEvents(panel, path, after);
      panel.state = state;
    } catch (e) {
      ++panel.errors;
      panel.state = `error: ${e.message}`;
      waitMs = Math.max(waitMs, RETRY_MS);
    }
    if (waitMs > 0) {
      await sleep(Math.max(0, waitMs - (performance.now() - started)));
    }
  }
}

// One stream message (SSE or WebSocket): one event's JSON.
function onStreamMessage(panel, data) {
  const at = performance.now();
  panel.bytes += data.length;
  panel.onEvent(JSON.parse(data), at);
}

// One EventSource; the browser reconnects by itself, with Last-Event-ID.
function runSse(panel) {
  const es = new EventSource(`/sse?client=${panel.client}`);
  es.onopen = () => {
    ++panel.requests;
    panel.state = 'stream open';
  };
  es.onmessage = (m) => onStreamMessage(panel, m.data);
  es.onerror = () => {
    ++panel.errors;
    panel.state = 'reconnecting';
  };
}

// One WebSocket; reconnected after RETRY_MS when it closes (the server keeps the client's queue).
function runWebSocket(panel) {
  const ws = new WebSocket(`ws://${location.host}/ws?client=${panel.client}`);
  ws.onopen = () => {
    ++panel.requests;
    panel.state = `open (${ws.extensions || 'no extensions'})`;
  };
  ws.onmessage = (m) => onStreamMessage(panel, m.data);
  ws.onclose = () => {
    ++panel.errors;
    panel.state = 'closed, reconnecting';
    setTimeout(() => runWebSocket(panel), RETRY_MS);
  };
}

const demo = {
  sinceNs: Infinity,  // counting starts at this server time (set once the clock is measured)
  panels: [
    new Panel('poll', 'fetch polling', `GET /poll every ${POLL_MS} ms on a keep-alive connection`),
    new Panel('longpoll', 'long polling', 'GET /longpoll, held by the server until an event'),
    new Panel('sse', 'Server-Sent Events', 'one EventSource on GET /sse'),
    new Panel('ws', 'WebSocket', 'one WebSocket on /ws, a frame per event'),
  ],
  clock,
};
window.pushbench = demo;

function fmtMs(v) {
  if (v === null) return '—';
  return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
}

function fmtBytes(v) {
  return v < 10240 ? `${v} B` : v < 10485760 ? `${(v / 1024).toFixed(1)} KiB`
                                             : `${(v / 1048576).toFixed(1)} MiB`;
}

function buildPanels() {
  const grid = document.getElementById('panels');
  for (const p of demo.panels) {
    const div = document.createElement('div');
    div.className = 'panel';
    div.id = `panel-${p.key}`;
    div.innerHTML = `<h2>${p.title}</h2><div class="how">${p.how}, client ${p.client}</div>
      <table><tbody></tbody></table><div class="state"></div><canvas></canvas>`;
    grid.appendChild(div);
    p.dom = div;
  }
}

function rows(p) {
  const n = p.received;
  const [p50, p99] = p.percentiles();
  return [
    ['events received', n],
    ['seqs', p.firstSeq === null ? '—' : `${p.firstSeq} … ${p.lastSeq}`],
    ['gaps (seqs lost)', p.gaps, p.gaps > 0],
    ['out of order / repeated', p.outOfOrder, p.outOfOrder > 0],
    ['latency p50 ms', fmtMs(p50)],
    ['latency p99 ms', fmtMs(p99)],
    ['HTTP requests', p.requests],
    ['empty polls (204)', p.empty],
    ['bytes', fmtBytes(p.bytes)],
    ['bytes per event', n > 0 ? (p.bytes / (n + p.backlog)).toFixed(1) : '—'],
    ['backlog left out', p.backlog],
  ];
}

function plot(p) {
  const c = p.dom.querySelector('canvas');
  const w = (c.width = c.clientWidth * devicePixelRatio);
  const h = (c.height = c.clientHeight * devicePixelRatio);
  const g = c.getContext('2d');
  const now = performance.now();
  while (p.points.length > 0 && p.points[0][0] < now - PLOT_WINDOW_MS) p.points.shift();
  const y = (ms) => h - (h * (Math.log10(Math.max(ms, 0.1)) + 1)) / 5;  // 0.1 ms .. 10 s
  g.strokeStyle = '#d8dde3';
  g.fillStyle = '#889';
  g.font = `${10 * devicePixelRatio}px sans-serif`;
  for (const [ms, label] of [[1, '1 ms'], [10, '10 ms'], [100, '100 ms'], [1000, '1 s']]) {
    g.beginPath();
    g.moveTo(0, y(ms));
    g.lineTo(w, y(ms));
    g.stroke();
    g.fillText(label, 2, y(ms) - 2);
  }
  g.fillStyle = '#1565c0';
  for (const [at, ms] of p.points) {
    g.fillRect(w - ((now - at) / PLOT_WINDOW_MS) * w - 1.5, y(ms) - 1.5, 3, 3);
  }
}

function render() {
  for (const p of demo.panels) {
    p.dom.querySelector('tbody').innerHTML = rows(p)
      .map(([k, v, bad]) => `<tr><td>${k}</td><td${bad ? ' class="bad"' : ''}>${v}</td></tr>`)
      .join('');
    p.dom.querySelector('.state').textContent =
      p.errors > 0 ? `${p.state} · ${p.errors} errors/reconnects` : p.state;
    plot(p);
  }
}

async function main() {
  document.getElementById('server').textContent = location.host;
  await measureClock();
  document.getElementById('clock').textContent =
    `± ${clock.boundMs.toFixed(3)} ms (half the shortest of ${clock.exchanges} round trips, ` +
    `${clock.rttMs.toFixed(3)} ms by ${clock.source}, + 2 × the timer's ` +
    `${clock.grainMs.toFixed(3)} ms grain)`;
  document.getElementById('clockhow').textContent = String(clock.exchanges);
  const groups = Math.max(1, Math.floor(clock.clients / demo.panels.length));
  const base = params.has('base') ? Number(params.get('base'))
                                  : demo.panels.length * Math.floor(Math.random() * groups);
  demo.panels.forEach((p, i) => { p.client = base + i; });
  demo.sinceNs = nowServerNs() + SETTLE_MS * 1e6;
  document.getElementById('since').textContent =
    new Date(Date.now() + SETTLE_MS).toLocaleTimeString();
  buildPanels();
  const [poll, longpoll, sse, ws] = demo.panels;
  runRequests(poll, '/poll', POLL_MS, `polling every ${POLL_MS} ms`);
  runRequests(longpoll, '/longpoll', 0, 'a request always held');
  runSse(sse);
  runWebSocket(ws);
  render();
  setInterval(render, 250);
}

main().catch((e) => {
  document.getElementById('clock').textContent = `failed: ${e.message}`;
  demo.error = e.message;
});

// The live page in a real browser: starts `pushbench demo` on a free loopback port (20 events/s,
// polling every 250 ms), opens the page in headless Chromium (puppeteer-core, no downloaded
// browser), lets it run, then checks that every panel received every event from the same first
// seq in order with no gap, that latencies are positive (within the clock's measured
// uncertainty) and plausible for each transport, and saves a screenshot. Exit 0 pass, 1 fail.
// Usage: node demo_test.mjs --chromium PATH --pushbench PATH [--screenshot FILE] [--seconds S]
//        [--rate HZ] [--poll-interval MS]
// (docs/demo.png: run.sh build/bench/pushbench --screenshot docs/demo.png --rate 5
//  --poll-interval 1000 --seconds 20, the demo's defaults.)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import puppeteer from 'puppeteer-core';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const SECONDS = Number(args.seconds || 6);
const RATE = Number(args.rate || 20);
const POLL_MS = Number(args['poll-interval'] || 250);
const screenshot = args.screenshot || 'demo.png';

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

// `pushbench demo`, and the URL it prints.
const demo = spawn(args.pushbench, ['demo', '--port', '0', '--rate', String(RATE),
                                    '--poll-interval', String(POLL_MS), '--clients', '8'],
                   { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = createInterface({ input: demo.stdout });
const output = [];
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('pushbench demo printed no URL in 10 s')), 10000);
  lines.on('line', (line) => {
    output.push(line);
    const m = line.match(/open (http:\/\/127\.0\.0\.1:\d+\/demo\/\S*)/);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  demo.on('exit', (code) => reject(new Error(`pushbench demo exited with ${code}`)));
});
console.log(`page: ${url}`);

const browser = await puppeteer.launch({
  executablePath: args.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  defaultViewport: { width: 1400, height: 900 },
});
let snapshot;
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log(`page console: ${m.text()}`));
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  await page.goto(`${url}&base=0`);
  await page.waitForFunction(() => window.pushbench && window.pushbench.sinceNs < Infinity,
                             { timeout: 10000 });
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  snapshot = await page.evaluate(() => ({
    clock: window.pushbench.clock,
    panels: window.pushbench.panels.map((p) => ({
      key: p.key, client: p.client, seqs: p.seqs, latencies: p.latenciesMs, gaps: p.gaps,
      outOfOrder: p.outOfOrder, requests: p.requests, empty: p.empty, bytes: p.bytes,
      errors: p.errors, p50: p.percentiles()[0], p99: p.percentiles()[1],
    })),
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
} finally {
  await browser.close();
}

// Every panel: the same first seq, then every seq in order (a poll may not have fetched the
// last few yet: compared up to the shortest).
const { clock, panels } = snapshot;
// The offset's bound: half the shortest round trip + 2 timer grains (a loopback round trip can read
// 0 on a coarsened timer); an arrival's own reading may be one more grain early.
console.log(`clock: offset measured over ${clock.exchanges} exchanges, ± ${clock.boundMs.toFixed(3)} ` +
            `ms (round trip ${clock.rttMs.toFixed(3)} ms, timer grain ${clock.grainMs.toFixed(3)} ms)`);
check(clock.grainMs > 0 && clock.grainMs <= 1, `timer grain ${clock.grainMs.toFixed(3)} ms in (0, 1]`);
check(clock.rttMs >= 0 && clock.rttMs < 50, `clock round trip ${clock.rttMs.toFixed(3)} ms in [0, 50)`);
const slackMs = clock.boundMs + clock.grainMs;
const first = panels[0].seqs[0];
const shortest = Math.min(...panels.map((p) => p.seqs.length));
check(shortest >= RATE * SECONDS * 0.6,
      `every panel counted at least ${RATE * SECONDS * 0.6} events (shortest: ${shortest})`);
const plausibleP99Ms = { poll: POLL_MS + 500, longpoll: 500, sse: 500, ws: 500 };
for (const p of panels) {
  const min = Math.min(...p.latencies);
  console.log(`${p.key.padEnd(8)} client ${p.client}: ${p.seqs.length} events, seqs ` +
              `${p.seqs[0]}..${p.seqs[p.seqs.length - 1]}, latency min ${min.toFixed(3)} ` +
              `p50 ${p.p50.toFixed(3)} p99 ${p.p99.toFixed(3)} ms, ${p.requests} requests ` +
              `(${p.empty} empty), ${p.bytes} B, ${p.errors} errors`);
  check(p.seqs[0] === first, `${p.key}: first counted seq ${p.seqs[0]} == ${first}`);
  check(p.seqs.every((s, i) => s === first + i), `${p.key}: every seq in order, no gap`);
  check(p.gaps === 0 && p.outOfOrder === 0, `${p.key}: page counted no gap, nothing out of order`);
  check(min > -slackMs, `${p.key}: latencies positive within the clock's ± ${slackMs.toFixed(3)} ms`);
  check(p.p99 < plausibleP99Ms[p.key], `${p.key}: p99 ${p.p99.toFixed(1)} < ${plausibleP99Ms[p.key]} ms`);
  check(p.errors === 0, `${p.key}: no request failed, no stream dropped`);
}
const poll = panels.find((p) => p.key === 'poll');
check(poll.p50 > 20, `poll: p50 ${poll.p50.toFixed(1)} ms shows the ${POLL_MS} ms interval`);
for (const key of ['longpoll', 'sse', 'ws']) {
  const p = panels.find((q) => q.key === key);
  check(p.p50 < poll.p50, `${key}: p50 below polling's`);
}

// Ctrl-C ends the demo cleanly, with what the server served.
demo.kill('SIGINT');
const [code] = await once(demo, 'exit');
console.log(output.slice(-1)[0]);
check(code === 0, `pushbench demo exited 0 on SIGINT (got ${code})`);
check(/stopped\. \d+ events published/.test(output.slice(-1)[0] || ''),
      'pushbench demo printed what the server served');

console.log(failures.length === 0 ? 'PASS' : `FAILED: ${failures.length} check(s)`);
process.exit(failures.length === 0 ? 0 : 1);

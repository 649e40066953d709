// A user's own WebSocket broadcaster on node's `ws` package (pushbench-client --url's test):
// every 10 ms one message to every client, {"seq":N,"sent_ns":"<CLOCK_MONOTONIC ns>"} (a string:
// JSON numbers cannot hold node's BigInt). Prints its port (127.0.0.1, any free port) first.
// `ws` is found through NODE_PATH (the test sets it).
const { WebSocketServer } = require('ws');

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0) });
wss.on('listening', () => console.log(wss.address().port));
let seq = 0;
setInterval(() => {
  // process.hrtime is CLOCK_MONOTONIC on Linux: the client's mono-ns clock on this host.
  const msg = JSON.stringify({ seq: seq++, sent_ns: process.hrtime.bigint().toString() });
  for (const client of wss.clients) {
    if (client.readyState === 1) client.send(msg);
  }
}, 10);

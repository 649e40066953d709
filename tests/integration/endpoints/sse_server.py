#!/usr/bin/env python3
# A user's own 20-line SSE server (pushbench-client --url's test): GET /sse streams
# {"n":N,"ts":WALL_MS} every 50 ms with CRLF line ends, an id, retry: and a comment, as an
# ordinary server might. Prints its port (127.0.0.1, any free port) on the first line.
import json, sys, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/sse":
            return self.send_error(404)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\r\n: hello\r\n\r\n")
            for n in range(sys.maxsize):
                data = json.dumps({"n": n, "ts": time.time_ns() // 1_000_000})
                self.wfile.write(f"id: {n}\r\ndata: {data}\r\n\r\n".encode())
                self.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()

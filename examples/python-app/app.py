"""A minimal HTTP service: answers /healthz for probes and greets on every other path.

Standard library only, and it writes nothing to disk, so it runs on a read-only root filesystem.
"""

import json
import os
import signal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/healthz":
            body, kind = b"ok\n", "text/plain"
        else:
            body, kind = json.dumps({"hello": "world"}).encode(), "application/json"
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    server = ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Handler)
    # Kubernetes sends SIGTERM before stopping the pod.
    signal.signal(signal.SIGTERM, lambda *_: server.shutdown())
    print(f"listening on :{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

// A minimal HTTP service: answers /healthz for probes and greets on every other path.
// It writes nothing to disk, so it runs on a read-only root filesystem as generated.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);

const server = createServer((request, response) => {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'world' }));
});

server.listen(port, () => console.log(`listening on :${port}`));

// Kubernetes sends SIGTERM before stopping the pod: finish open requests, then exit.
process.on('SIGTERM', () => server.close(() => process.exit(0)));

// A minimal order intake service. The code is fine; the way it is packaged and deployed is not.
const http = require('node:http');

const port = Number(process.env.PORT ?? 3000);
const orders = [];

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/healthz') {
    response.writeHead(200).end('ok');
    return;
  }
  if (request.method === 'POST' && request.url === '/orders') {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      orders.push(JSON.parse(body));
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: orders.length }));
    });
    return;
  }
  response.writeHead(404).end();
});

server.listen(port, () => console.log(`orders-api listening on ${port}`));

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from '../../src/actions/builtin/http-get.js';
import { httpPost } from '../../src/actions/builtin/http-post.js';
import { makeContext, sendJson, startServer, type LocalServer } from './context.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startServer((request, _index, response) => {
    if (request.url === '/dict') return sendJson(response, 200, { a: 1, echo: request.body ? JSON.parse(request.body) : null });
    if (request.url === '/list') return sendJson(response, 200, [1, 2]);
    if (request.url === '/text') return response.end('not json');
    if (request.url === '/hang') return; // never answers
    if (request.url === '/boom') return sendJson(response, 503, { error: 'down' });
    response.writeHead(404, 'Not Found').end();
  });
});
afterAll(() => server.close());

describe('http.get / http.post', () => {
  const context = makeContext();

  it('return the parsed JSON body (the engine merges a mapping and wraps a list)', async () => {
    expect(await httpGet({ url: `${server.url}/dict` }, context)).toEqual({ a: 1, echo: null });
    expect(await httpGet({ url: `${server.url}/list`, headers: { 'X-T': 1 } }, context)).toEqual([1, 2]);
    expect(server.requests.at(-1)!.headers['x-t']).toBe('1');
    expect(await httpPost({ url: `${server.url}/dict`, json: { q: 'é' } }, context)).toEqual({ a: 1, echo: { q: 'é' } });
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
  });

  it("raise on an HTTP error with requests' text", async () => {
    await expect(httpGet({ url: `${server.url}/missing` }, context)).rejects.toMatchObject({
      message: `404 Client Error: Not Found for url: ${server.url}/missing`,
      detail: `HTTPError: 404 Client Error: Not Found for url: ${server.url}/missing`,
      node: 'n',
    });
    await expect(httpPost({ url: `${server.url}/boom` }, context)).rejects.toThrow(`503 Server Error: Service Unavailable for url: ${server.url}/boom`);
  });

  it('raise on a body that is not JSON, a refused connection and a bad URL', async () => {
    await expect(httpGet({ url: `${server.url}/text` }, context)).rejects.toThrow('Expecting value: line 1 column 1 (char 0)');
    const closed = await startServer(() => {});
    await closed.close();
    const port = new URL(closed.url).port;
    await expect(httpGet({ url: `${closed.url}/x?q=1` }, context)).rejects.toThrow(
      `HTTPConnectionPool(host='127.0.0.1', port=${port}): Max retries exceeded with url: /x?q=1 (Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused'))`,
    );
    await expect(httpGet({ url: 'example.com' }, context)).rejects.toThrow("Invalid URL 'example.com': No scheme supplied. Perhaps you meant https://example.com?");
  });

  it('stop on the run signal, or on an optional timeout', async () => {
    const controller = new AbortController();
    const pending = httpGet({ url: `${server.url}/hang` }, makeContext({ signal: controller.signal }));
    controller.abort();
    await expect(pending).rejects.toThrow('Cancelled');
    await expect(httpGet({ url: `${server.url}/hang`, timeout: 0.2 }, context)).rejects.toThrow('Read timed out. (read timeout=0.2)');
  });
});

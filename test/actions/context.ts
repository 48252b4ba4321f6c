import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionContext } from '../../src/actions/types.js';
import { readStat } from '../../src/process/process-group.js';

export const fakeAgent = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/programs/fake-agent.mjs');

export interface TestContext extends ActionContext {
  printed: string[];
  printedErrors: string[];
}

/** An ActionContext for calling an action directly; what it prints is kept. */
export function makeContext(overrides: Partial<ActionContext> = {}): TestContext {
  const printed: string[] = [];
  const printedErrors: string[] = [];
  return {
    state: {},
    node: 'n',
    workflowDir: process.cwd(),
    settings: {},
    signal: new AbortController().signal,
    print: (text) => printed.push(text),
    printError: (text) => printedErrors.push(text),
    printed,
    printedErrors,
    ...overrides,
  };
}

/** Alive means running or stopped; a zombie (exited, not yet reaped) counts as gone. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const state = readStat(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** Polls `check` until it is true or the deadline passes; the timer never keeps the process up. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20).unref());
  }
  return true;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LocalServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 (port 0) that records requests; `reply` answers the n-th one. */
export async function startServer(reply: (request: RecordedRequest, index: number, response: ServerResponse) => void): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const recorded = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      requests.push(recorded);
      reply(recorded, requests.length - 1, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON body with a status and extra headers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * Adapters for Node's `http` server and for Express/Connect-style middleware, on top of the
 * web-standard handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { errorResponse, MESSAGES } from './errors.js';
import { createConnectHandler, type ConnectHandler, type ConnectHandlerOptions } from './handler.js';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;
export type ConnectStyleMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Serves a web-standard handler from Node's `http` server:
 * `http.createServer(toNodeListener(createConnectHandler({ … })))`.
 * The request URL is built from the `Host` header and the socket, so behind a proxy set
 * `publicOrigin` (or `allowedRedirectOrigins`) on the handler.
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  const listener = getRequestListener((request) => handler(request), {
    // A library must not replace the host's global Request/Response.
    overrideGlobalObjects: false,
    // Requests Node cannot even turn into a URL (bad Host header, …) get the usual error shape.
    errorHandler: () => errorResponse(400, 'invalid_request', 'The request could not be read.'),
  });
  return (req, res) => {
    void listener(req, res);
  };
}

/**
 * Express/Connect-style middleware: `app.use('/api/setup-sessions', connectMiddleware({ … }))`.
 * Under a mount path the framework strips it from `req.url`, so leave `basePath` unset; when
 * mounted without a path (`app.use(mw)`), set `basePath` to the full endpoint path. Requests
 * for other paths go to `next()`. Mount it before any body parser (e.g. `express.json()`):
 * it reads the raw body itself.
 */
export function connectMiddleware(optionsOrHandler: ConnectHandlerOptions | ConnectHandler): ConnectStyleMiddleware {
  const handler = typeof optionsOrHandler === 'function' ? optionsOrHandler : createConnectHandler(optionsOrHandler);
  const listener = toNodeListener(handler);
  return (req, res, next) => {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      next();
      return;
    }
    if (!handler.handles(pathname)) {
      next();
      return;
    }
    if (req.readableEnded) {
      // A body parser mounted earlier already consumed the body; answering "invalid JSON"
      // would hide the real cause from the host's developer.
      void respondConsumedBody(res);
      return;
    }
    listener(req, res);
  };
}

async function respondConsumedBody(res: ServerResponse): Promise<void> {
  const response = errorResponse(500, 'internal_error', MESSAGES.internal);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(await response.text());
  if (!warnedConsumedBody) {
    warnedConsumedBody = true;
    process.emitWarning(
      'The request body was already read by another middleware; mount connectMiddleware before body parsers such as express.json().',
      { code: 'METORIAL_CONNECT_BODY_CONSUMED' },
    );
  }
}

let warnedConsumedBody = false;

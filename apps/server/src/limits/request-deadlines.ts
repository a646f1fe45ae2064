// Slow clients must not hold connections: a token or JSON request's body must arrive within a
// short deadline (408 and the connection closed after), and an attachment upload may take as
// long as it needs but never go idle for long. The deadlines cover receiving the request only,
// never the work of answering it, so a heavy find under load is never cut off. Node's own
// `requestTimeout` would count the whole upload, so the per-route rules live here, with
// `requestTimeout` left as a generous backstop (`startServer`).

import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { ApiError, errorBody } from '../http/api-error.ts';

function bindingsOf(env: unknown): HttpBindings | undefined {
  const bindings = env as Partial<HttpBindings> | undefined;
  return bindings?.incoming !== undefined && bindings.outgoing !== undefined
    ? (bindings as HttpBindings)
    : undefined;
}

/**
 * A deadline for receiving a request's body: when it passes first, the answer is 408 and the
 * connection closes once it is sent. Without a socket (in-process requests) it does nothing.
 *
 * @param seconds The deadline; 0 = none.
 * @returns The middleware.
 */
export function bodyDeadline(seconds: number): MiddlewareHandler {
  return async (context, next) => {
    const bindings = bindingsOf(context.env);
    if (bindings === undefined || seconds === 0 || bindings.incoming.complete) return next();
    const { incoming, outgoing } = bindings;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => {
        if (!incoming.complete) resolve('expired');
      }, seconds * 1000);
    });
    try {
      const outcome = await Promise.race([next().then(() => 'done' as const), expired]);
      if (outcome === 'done') return;
      // The handler still waits for the body; the socket's end makes its read fail quietly.
      outgoing.once('finish', () => incoming.socket.destroy());
      context.header('Connection', 'close');
      const problem = ApiError.of(408, 'body', `must arrive within ${seconds} s`);
      context.res = context.json(errorBody(408, problem.problems), 408);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * An idle timeout for an upload's body: when no byte arrives for the given time, the answer is
 * 408 and the connection closes once it is sent. A slow but steady upload goes on however long
 * it takes.
 *
 * @param seconds The idle time; 0 = none.
 * @returns The middleware.
 */
export function uploadIdleTimeout(seconds: number): MiddlewareHandler {
  return async (context, next) => {
    const bindings = bindingsOf(context.env);
    if (bindings === undefined || seconds === 0 || bindings.incoming.complete) return next();
    const { incoming, outgoing } = bindings;
    const socket = incoming.socket;
    let onIdle = (): void => undefined;
    const idle = new Promise<'idle'>((resolve) => {
      onIdle = () => {
        if (!incoming.complete) resolve('idle');
      };
    });
    // On the request, not the socket: Node destroys a timed-out socket unless its request (or
    // response, or server) listens for the timeout, and the 408 must go out first.
    incoming.setTimeout(seconds * 1000, onIdle);
    try {
      const outcome = await Promise.race([next().then(() => 'done' as const), idle]);
      if (outcome === 'done') return;
      // The handler still reads the body; the socket's end makes that read fail, and the store
      // drops the unfinished upload.
      outgoing.once('finish', () => socket.destroy());
      context.header('Connection', 'close');
      const problem = ApiError.of(408, 'body', `must not pause for ${seconds} s or more`);
      context.res = context.json(errorBody(408, problem.problems), 408);
    } finally {
      socket.setTimeout(0);
      incoming.off('timeout', onIdle);
    }
  };
}

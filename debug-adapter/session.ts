// The DAP session: a LoggingDebugSession whose requests are routed to small handler modules
// (handlers/*.ts) over one shared SessionContext. Every handler error becomes an error
// response; the adapter never goes down on a malformed request.

import { LoggingDebugSession, OutputEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { SessionContext } from './context';
import type { HostFactory } from './engine/sim-host';
import { breakpointRoutes } from './handlers/breakpoints';
import { consoleRoutes } from './handlers/console';
import { customRoutes } from './handlers/custom';
import { executionRoutes } from './handlers/execution';
import { lifecycleRoutes } from './handlers/lifecycle';
import { memoryRoutes } from './handlers/memory';
import { DapError, type Routes } from './handlers/route';
import { stackRoutes } from './handlers/stack';
import { variableRoutes } from './handlers/variables';

const ROUTES: Routes = {
  ...lifecycleRoutes, ...breakpointRoutes, ...executionRoutes, ...stackRoutes, ...variableRoutes,
  ...memoryRoutes, ...consoleRoutes, ...customRoutes,
};

export class KsimDebugSession extends LoggingDebugSession {
  readonly ctx: SessionContext;
  /** Extra trace sink (stderr when stand-alone). */
  traceSink: ((line: string) => void) | null = null;

  constructor(factory: HostFactory) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.ctx = new SessionContext({ sendEvent: (e) => this.sendEvent(e) }, factory);
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const route = ROUTES[request.command];
    this.traceMessage('→', request);
    if (!route) {
      super.dispatchRequest(request);
      return;
    }
    const response: DebugProtocol.Response = {
      seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: true,
    };
    let result;
    try {
      const args = request.arguments !== null && typeof request.arguments === 'object' ? request.arguments as Record<string, unknown> : {};
      result = route(this.ctx, args, request);
    } catch (err) {
      this.fail(response, err);
      return;
    }
    Promise.resolve(result).then((body) => {
      if (body !== undefined) response.body = body;
      this.sendResponse(response);
      if (request.command === 'disconnect') this.shutdownSoon();
    }, (err: unknown) => this.fail(response, err));
  }

  override sendResponse(response: DebugProtocol.Response): void {
    this.traceMessage('←', response);
    super.sendResponse(response);
  }

  override sendEvent(event: DebugProtocol.Event): void {
    if (event.event !== 'output') this.traceMessage('←', event);
    super.sendEvent(event);
  }

  private fail(response: DebugProtocol.Response, err: unknown): void {
    const dap = err instanceof DapError ? err : null;
    const message = err instanceof Error ? err.message : String(err);
    this.sendErrorResponse(response, { id: dap?.id ?? 3000, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: dap ? dap.showUser : true });
  }

  private traceMessage(dir: string, m: DebugProtocol.ProtocolMessage): void {
    if (!this.ctx.trace) return;
    const line = `${dir} ${JSON.stringify(m)}`;
    this.traceSink?.(line);
    super.sendEvent(new OutputEvent(line + '\n', 'console'));
  }

  /** After disconnect: free the machine; a stand-alone stdio adapter then exits. */
  private shutdownSoon(): void {
    this.ctx.dispose();
    setImmediate(() => this.shutdown());
  }
}

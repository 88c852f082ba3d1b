// Graph's error shape: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
import * as crypto from 'node:crypto';
import type { SandboxState } from '../state';
import type { GraphError, GraphRequest, GraphResponse } from './types';

export function graphErrorResponse(state: SandboxState, e: GraphError, req?: Pick<GraphRequest, 'headers'>): GraphResponse {
  const requestId = crypto.randomUUID();
  const clientRequestId = req?.headers['client-request-id'] ?? requestId;
  return {
    status: e.status,
    headers: { 'request-id': requestId, 'client-request-id': clientRequestId, ...e.headers },
    body: {
      error: {
        code: e.code,
        message: e.message,
        innerError: {
          date: new Date(state.clock.now()).toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    },
  };
}

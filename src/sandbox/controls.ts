// The test controls of a running sandbox: latency, faults, clock, request log, Graph denial,
// device-code approval, FIC propagation delay, read-after-write 404s, $batch answer order and
// the assertion audience form.
import { approveDeviceCodes } from './entra/deviceCode';
import { checkRate, seededRandom } from './faults';
import { checkPropagationRange } from './graph/propagation';
import type { SandboxState } from './state';
import type { FaultKind, SandboxControl } from './types';

const KINDS: FaultKind[] = ['throttle', 'unavailable', 'reset', 'lostResponse'];

/** Every control but the token function's, which its host (index.ts) adds. */
export function createControl(state: SandboxState): Omit<SandboxControl, 'setTokenFunctionErrors' | 'setTokenFunctionKeyRequired'> {
  const s = state.settings;
  return {
    setLatency(ms) {
      if (!(ms >= 0)) throw new RangeError(`latency must be >= 0 ms; got ${ms}`);
      s.latencyMs = ms;
    },
    setFaults(faults) {
      checkRate('throttleRate', faults.throttleRate);
      checkRate('unavailableRate', faults.unavailableRate);
      checkRate('resetRate', faults.resetRate);
      checkRate('lostResponseRate', faults.lostResponseRate);
      s.faults = { ...faults };
      state.faultRandom = faults.seed === undefined ? undefined : seededRandom(faults.seed);
    },
    clearFaults() {
      s.faults = {};
      state.faultRandom = undefined;
      s.failQueue = [];
    },
    failNext(count, kind, path, retryAfterSeconds = 1) {
      if (!KINDS.includes(kind)) throw new RangeError(`unknown fault kind ${String(kind)}`);
      if (!(count >= 0)) throw new RangeError(`count must be >= 0; got ${count}`);
      s.failQueue.push({ remaining: count, kind, path, retryAfterSeconds });
    },
    clock: state.clock,
    requests: () => state.log.map((r) => ({ ...r })),
    clearRequests() {
      state.log.length = 0;
    },
    denyGraph(tenantId, denial) {
      if (denial === false) s.graphDenials.delete(tenantId.toLowerCase());
      else s.graphDenials.set(tenantId.toLowerCase(), denial);
    },
    setDeviceCodeApproval(mode) {
      s.deviceCodeApproval = mode;
    },
    approveDeviceCode: (userCode) => approveDeviceCodes(state, userCode),
    setFicPropagationDelay(ms) {
      if (!(ms >= 0)) throw new RangeError(`delay must be >= 0 ms; got ${ms}`);
      s.ficPropagation = { minMs: ms, maxMs: ms };
    },
    setFicPropagation(range) {
      s.ficPropagation = checkPropagationRange(range);
    },
    setReadAfterWrite404(ms) {
      if (!(ms >= 0)) throw new RangeError(`read-after-write window must be >= 0 ms; got ${ms}`);
      s.readAfterWrite404Ms = ms;
    },
    setBatchOrder(order) {
      if (order !== 'shuffled' && order !== 'ordered') throw new RangeError(`batch order is 'shuffled' or 'ordered'; got ${String(order)}`);
      s.batchOrder = order;
    },
    setAssertionAudienceForm(form) {
      s.assertionAudienceForm = form;
    },
  };
}

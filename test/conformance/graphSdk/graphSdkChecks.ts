import type { RunningSandbox } from '../../../src/sandbox';
import type { CheckRecorder } from '../checks';
export async function runGraphSdkChecks(_s: RunningSandbox, _r: CheckRecorder, _t: number): Promise<void> {}

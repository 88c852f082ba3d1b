// Which findings a failed step lists under its "What to do" line. The line is often built from
// the doctor's first finding ("the doctor says: …", or the finding itself with "(2 more
// findings below)"), so listing that finding again would say the same thing twice.
import type { FindingView, FlowErrorView } from '../shared/protocol';

export function findingsBelowAction(error: Pick<FlowErrorView, 'action' | 'findings'>): FindingView[] {
  return error.findings.filter((f) => !error.action.includes(f.message));
}

// What the workbench reports through window.codeAutomationLog: its own log lines and, during an
// extension test run, the extension host's console output (the suite's reporter and anything
// the extension logs). Arguments come as console arguments (printf-style) and are formatted
// the way console.log would. Both kinds arrive on the same channel, with the same level, so:
// - everything goes to the run's raw log file;
// - before the suite starts (the test entry prints SUITE_START_MARKER) nothing is printed, but
//   the lines are kept to explain a suite that never starts;
// - after it, everything is printed except the workbench's known routine chatter.
import * as fs from 'fs';
import { format } from 'util';
import { SUITE_START_MARKER } from './suiteMarker';

const WORKBENCH_CHATTER = [
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^No search provider registered for scheme/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[Service Worker\]/,
];

export interface AutomationLog {
  /** The window.codeAutomationLog implementation. */
  readonly print: (type: string, args: unknown) => void;
  /** True once the test entry has said the suite is starting. */
  readonly suiteStarted: () => boolean;
  /** The last lines the workbench logged before the suite started. */
  readonly beforeSuite: (lines?: number) => string;
  /** From now on, only the raw log file (the server stopping makes the workbench chatter). */
  readonly mute: () => void;
}

export function createAutomationLog(rawLogFile: string): AutomationLog {
  let started = false;
  let muted = false;
  const early: string[] = [];
  return {
    suiteStarted: () => started,
    beforeSuite: (lines = 30) => early.slice(-lines).join('\n'),
    mute: () => (muted = true),
    print: (type, args) => {
      const list = Array.isArray(args) ? args : [args];
      fs.appendFileSync(rawLogFile, JSON.stringify({ type, args: list }) + '\n');
      const text = format(...list);
      if (muted) {
        return;
      } else if (text.includes(SUITE_START_MARKER)) {
        started = true;
      } else if (!started) {
        early.push(`[${type}] ${text}`);
        if (early.length > 200) early.shift();
      } else if (!WORKBENCH_CHATTER.some((pattern) => pattern.test(text))) {
        if (type === 'error') console.error(text);
        else console.log(text);
      }
    },
  };
}

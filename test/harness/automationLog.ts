// What the workbench reports through window.codeAutomationLog: its own log lines and, during an
// extension test run, the extension host's console output (the suite's reporter). Arguments
// come as console arguments (printf-style), so they are formatted the way console.log would.
import * as fs from 'fs';
import { format } from 'util';
import { SUITE_START_MARKER } from './suiteMarker';

export interface AutomationLog {
  /** The window.codeAutomationLog implementation. */
  readonly print: (type: string, args: unknown) => void;
  /** True once the test entry has said the suite is starting. */
  readonly suiteStarted: () => boolean;
}

/**
 * Everything goes to `rawLogFile`; the console gets the suite's output, and before the suite
 * starts only the workbench's errors.
 */
export function createAutomationLog(rawLogFile: string): AutomationLog {
  let started = false;
  return {
    suiteStarted: () => started,
    print: (type, args) => {
      const list = Array.isArray(args) ? args : [args];
      fs.appendFileSync(rawLogFile, JSON.stringify({ type, args: list }) + '\n');
      const text = format(...list);
      if (text.includes(SUITE_START_MARKER)) {
        started = true;
        return;
      }
      if (!started && type !== 'error') return;
      const prefix = started ? '' : 'workbench: ';
      if (type === 'error') console.error(prefix + text);
      else console.log(prefix + text);
    },
  };
}

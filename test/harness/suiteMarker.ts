// The workbench reports its own log lines through the same channel as the extension host's
// console. The test entry prints this line right before Mocha starts, so the harness can show
// the suite's output and keep the workbench's chatter in the run's log file.
export const SUITE_START_MARKER = '[mi-federation] extension-host suite starting';

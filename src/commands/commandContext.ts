// What one call of a command works with, built fresh by the registry for every call (as
// vscode-azuretools does with its IActionContext): the prompts of this call, the telemetry
// properties it adds, a cancellation signal that Cancel on its progress notification aborts,
// and the model and services. Nothing of it outlives the call.
import { CancelledError } from '../core/errors';
import type { ExtensionServices } from './services';
import type { UserInput } from './userInput';

/** Extra measurements a command may add to its `command` telemetry event. */
export interface CommandTelemetryProperties {
  /** How many tree items the call acted on (multi-selection). */
  itemCount?: number;
  /** The format of an export (never what was exported). */
  exportFormat?: 'markdown' | 'csv' | 'json';
}

export interface CommandContext extends ExtensionServices {
  /** The command's id without the `miFederation.` prefix. */
  readonly command: string;
  /** The prompts of this call (scripted in tests, VS Code's otherwise); messages are redacted. */
  readonly ui: UserInput;
  /** Aborted when the user cancels this call's progress notification. */
  readonly signal: AbortSignal;
  readonly telemetryProperties: CommandTelemetryProperties;
  /**
   * Runs `task` under a notification with Cancel; Cancel aborts the signal `task` gets (the
   * call's own), so the request in flight stops. Throws CancelledError when cancelled.
   */
  progress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T>;
}

export function createCommandContext(services: ExtensionServices, command: string, ui: UserInput, controller: AbortController): CommandContext {
  return {
    ...services,
    command,
    ui,
    signal: controller.signal,
    telemetryProperties: {},
    progress: (title, task) => withCancellableProgress(ui, controller, title, task),
  };
}

async function withCancellableProgress<T>(
  ui: UserInput,
  controller: AbortController,
  title: string,
  task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
): Promise<T> {
  if (controller.signal.aborted) throw new CancelledError();
  const result = await ui.progress(title, () => controller.abort(), (report) => task(controller.signal, report));
  if (controller.signal.aborted) throw new CancelledError();
  return result;
}

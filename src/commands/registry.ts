// The one way commands are defined and registered. `defineCommand` types a handler and names
// the tree node it accepts (a parser of the node's reference); the registry builds a fresh
// CommandContext for every call, times it, reports Succeeded / Failed / Canceled, keeps
// cancellation silent, and shows one clear, redacted sentence with the detail in the log.
import * as vscode from 'vscode';
import { describeError, isCancellation } from '../core/errors';
import { splitArguments, type CommandCall } from './commandArguments';
import { createCommandContext, type CommandContext } from './commandContext';
import type { ExtensionServices } from './services';
import { RedactingUserInput, type UserInput } from './userInput';

export type { CommandCall } from './commandArguments';

export interface CommandDefinition {
  readonly id: string;
  /** Runs the handler on VS Code's arguments, split into the call. */
  readonly invoke: (context: CommandContext, args: readonly unknown[]) => unknown;
}

/**
 * A command. `target` reads the node argument (see model/refs.ts): a node it does not accept
 * is not passed on as one. VS Code calls a command of a multi-selection tree with
 * `(clicked, selected[])`; both arrive in `targets`.
 */
export function defineCommand<T = never>(id: string, spec: { target?: (arg: unknown) => T | undefined; run: (context: CommandContext, call: CommandCall<NoInfer<T>>) => unknown }): CommandDefinition {
  return { id, invoke: (context, args) => spec.run(context, splitArguments(spec.target, args)) };
}

/** Where the registry takes the prompts of a call from (the test API can script them). */
export interface InputSource {
  current(): UserInput | undefined;
}

export function registerCommands(services: ExtensionServices, commands: readonly CommandDefinition[], input: InputSource): vscode.Disposable[] {
  return commands.map((command) => vscode.commands.registerCommand(command.id, (...args: unknown[]) => runCommand(services, command, args, input)));
}

export async function runCommand(services: ExtensionServices, command: CommandDefinition, args: unknown[], input: InputSource): Promise<unknown> {
  const started = Date.now();
  const name = command.id.replace(/^miFederation\./, '');
  const ui = new RedactingUserInput(input.current() ?? services.ui, (text) => services.log.redact(text));
  const controller = new AbortController();
  const context = createCommandContext(services, name, ui, controller);
  try {
    const result = await command.invoke(context, args);
    services.telemetry.send('command', { command: name, result: 'Succeeded', durationMs: Date.now() - started, ...context.telemetryProperties });
    return result;
  } catch (e) {
    if (isCancellation(e) || controller.signal.aborted) {
      services.telemetry.send('command', { command: name, result: 'Canceled', durationMs: Date.now() - started, ...context.telemetryProperties });
      return undefined;
    }
    const errorCode = errorCodeOf(e);
    services.telemetry.send('command', { command: name, result: 'Failed', errorCode, durationMs: Date.now() - started, ...context.telemetryProperties });
    services.log.error(`Command ${command.id} failed`, e);
    void ui.message('error', describeError(e), 'Show Log').then((action) => action === 'Show Log' && services.log.show());
    return undefined;
  }
}

/** A code safe for telemetry: Graph's error code, an AADSTS number or the error's class name. */
function errorCodeOf(e: unknown): string {
  const error = e as { code?: unknown; name?: unknown };
  if (typeof error?.code === 'string' && /^[A-Za-z_]+$/.test(error.code)) return error.code;
  if (typeof error?.code === 'number') return String(error.code);
  return typeof error?.name === 'string' ? error.name : 'Error';
}

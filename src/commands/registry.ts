// The one way commands are defined and registered. `defineCommand` types a handler and names
// the tree node it accepts (a parser of the node's reference); the registry builds a fresh
// CommandContext for every call, times it, reports Succeeded / Failed / Canceled, keeps
// cancellation silent, and shows one clear, redacted sentence with the detail in the log.
//
// Registration knows ids only: the definitions live in the features bundle (src/features.ts),
// which the first call loads. So activation costs one registerCommand per contributed id, and
// no command's code is parsed before someone runs it.
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

/** Finds a command's definition; the first call loads the features bundle. */
export type CommandDefinitions = (id: string) => CommandDefinition | undefined;

/** Looks definitions up by id in the list `load` returns, loaded on the first look-up. */
export function definitionsOnFirstUse(load: () => readonly CommandDefinition[]): CommandDefinitions {
  let byId: Map<string, CommandDefinition> | undefined;
  return (id) => (byId ??= new Map(load().map((c) => [c.id, c]))).get(id);
}

/**
 * The ids of the commands a manifest (package.json) contributes: what VS Code shows and
 * activates on, so what activation registers.
 */
export function contributedCommandIds(packageJSON: unknown): string[] {
  const commands: unknown = (packageJSON as { contributes?: { commands?: unknown } } | undefined)?.contributes?.commands;
  if (!Array.isArray(commands)) return [];
  return commands.map((c: unknown) => (c as { command?: unknown } | null)?.command).filter((id): id is string => typeof id === 'string');
}

export function registerCommands(services: ExtensionServices, ids: readonly string[], definitions: CommandDefinitions, input: InputSource): vscode.Disposable[] {
  return ids.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(services, id, definitions, args, input)));
}

export async function runCommand(services: ExtensionServices, id: string, definitions: CommandDefinitions, args: unknown[], input: InputSource): Promise<unknown> {
  const started = Date.now();
  const name = id.replace(/^miFederation\./, '');
  const ui = new RedactingUserInput(input.current() ?? services.ui, (text) => services.log.redact(text));
  const controller = new AbortController();
  const context = createCommandContext(services, name, ui, controller);
  try {
    // Inside the try: a features bundle that fails to load is reported like any failed command.
    const command = definitions(id);
    if (!command) throw new Error(`The command ${id} is contributed but this version of the extension does not implement it.`);
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
    services.log.error(`Command ${id} failed`, e);
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

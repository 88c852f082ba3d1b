// The one way commands are registered. Every handler runs inside the same wrapper: it is timed,
// reported as Succeeded / Failed / Canceled, cancellation stays silent, and a failure shows one
// clear sentence with the detail (redacted) in the output channel.
import * as vscode from 'vscode';
import { describeError, isCancellation } from '../core/errors';
import type { ExtensionServices } from './services';

export type CommandHandler = (services: ExtensionServices, ...args: unknown[]) => unknown;

export function registerCommands(services: ExtensionServices, commands: Record<string, CommandHandler>): vscode.Disposable[] {
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(services, id, handler, args)));
}

export async function runCommand(services: ExtensionServices, id: string, handler: CommandHandler, args: unknown[]): Promise<unknown> {
  const started = Date.now();
  const command = id.replace(/^miFederation\./, '');
  try {
    const result = await handler(services, ...args);
    services.telemetry.send('command', { command, result: 'Succeeded', durationMs: Date.now() - started });
    return result;
  } catch (e) {
    if (isCancellation(e)) {
      services.telemetry.send('command', { command, result: 'Canceled', durationMs: Date.now() - started });
      return undefined;
    }
    const errorCode = errorCodeOf(e);
    services.telemetry.send('command', { command, result: 'Failed', errorCode, durationMs: Date.now() - started });
    services.log.error(`Command ${id} failed`, e);
    const message = describeError(e);
    void services.ui.message('error', message, 'Show Log').then((action) => action === 'Show Log' && services.log.show());
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

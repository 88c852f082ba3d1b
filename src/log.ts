// The "MI Federation" output channel. Every line passes through redaction first: no token,
// function key or secret is ever written, whatever a caller hands in.
import * as vscode from 'vscode';
import { redactSecrets } from './core/jwt';

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('MI Federation', { log: true });
  }

  /** A value that must never appear in the log, such as a function key the user entered. */
  addSecret(secret: string): void {
    if (secret) this.secrets.add(secret);
  }

  info(message: string): void {
    this.channel.info(this.clean(message));
  }

  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${error.name}: ${error.message}${error.stack ? `\n${error.stack}` : ''}` : error === undefined ? '' : String(error);
    this.channel.error(this.clean(detail ? `${message}\n${detail}` : message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private clean(text: string): string {
    return redactSecrets(text, [...this.secrets]);
  }
}

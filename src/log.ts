// The "MI Federation" output channel. Every line passes through redaction first: no token,
// function key or secret is ever written, whatever a caller hands in.
import * as vscode from 'vscode';
import { redactSecrets } from './core/redaction';
import type { SandboxInfo } from './sandbox/types';

/** How many written lines `recentLines()` keeps. */
const RECENT_LINES = 500;

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();
  private readonly recent: string[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('MI Federation', { log: true });
  }

  /**
   * A value that must never appear in the log, such as a function key the user entered or the
   * sandbox's admin secret: it is removed in its raw and encoded forms (URL, HTML, JSON).
   */
  addSecret(secret: string): void {
    if (secret) this.secrets.add(secret);
  }

  /**
   * The secrets of a connected sandbox tenant: its admin app's client secret, the managed
   * identity header and the token function's key. Call once the sandbox's info is known.
   */
  addSandboxSecrets(info: Pick<SandboxInfo, 'admin' | 'managedIdentity' | 'tokenFunction'>): void {
    this.addSecret(info.admin.clientSecret);
    this.addSecret(info.managedIdentity.header);
    this.addSecret(info.tokenFunction.key);
  }

  /**
   * Text as the log would write it, for anything else a person reads: error notifications and
   * pop-ups go through the same redaction as the output channel.
   */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  info(message: string): void {
    this.channel.info(this.clean(message));
  }

  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }

  /**
   * The last lines written, exactly as the channel got them (after redaction). The channel's
   * own text cannot be read back through the API; tests check what a user could read here.
   */
  recentLines(): readonly string[] {
    return this.recent;
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
    const cleaned = this.redact(text);
    this.recent.push(cleaned);
    if (this.recent.length > RECENT_LINES) this.recent.splice(0, this.recent.length - RECENT_LINES);
    return cleaned;
  }
}

// Every prompt and message of a command goes through UserInput, never vscode.window directly,
// so extension-host tests can script the answers and read what the user was told.
import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  /** Shown when the list is empty instead of an empty picker. */
  emptyMessage?: string;
}

export interface InputOptions {
  title?: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  password?: boolean;
  /** Returns the problem with the value, shown under the box; undefined when it is fine. */
  validate?: (value: string) => string | undefined;
}

export type MessageLevel = 'info' | 'warning' | 'error';

export interface UserInput {
  /** Resolves with the chosen item; throws CancelledError when the user dismisses the picker. */
  pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: PickOptions): Promise<T>;
  /** Resolves with the text; throws CancelledError when the user dismisses the box. */
  input(options: InputOptions): Promise<string>;
  /** A modal question; resolves with the chosen action, throws CancelledError on Cancel. */
  confirm(message: string, detail: string, ...actions: string[]): Promise<string>;
  /** A notification; resolves with the action the user clicked, if any. Never throws on dismiss. */
  message(level: MessageLevel, message: string, ...actions: string[]): Promise<string | undefined>;
  /**
   * Runs `task` under a progress notification with a Cancel button; Cancel calls `onCancel`
   * (which aborts the call's signal) and the task is expected to stop on that signal.
   */
  progress<T>(title: string, onCancel: () => void, task: (report: (message: string) => void) => Promise<T>): Promise<T>;
}

export class VsCodeUserInput implements UserInput {
  async pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: PickOptions): Promise<T> {
    const resolved = await items;
    if (resolved.length === 0 && options.emptyMessage) {
      void vscode.window.showInformationMessage(options.emptyMessage);
      throw new CancelledError();
    }
    const picked = await vscode.window.showQuickPick(resolved, { title: options.title, placeHolder: options.placeHolder, ignoreFocusOut: true });
    if (!picked) throw new CancelledError();
    return picked;
  }

  async input(options: InputOptions): Promise<string> {
    const value = await vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeHolder,
      password: options.password,
      ignoreFocusOut: true,
      validateInput: options.validate,
    });
    if (value === undefined) throw new CancelledError();
    return value;
  }

  async confirm(message: string, detail: string, ...actions: string[]): Promise<string> {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
    if (!choice) throw new CancelledError();
    return choice;
  }

  message(level: MessageLevel, message: string, ...actions: string[]): Promise<string | undefined> {
    const show =
      level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return Promise.resolve(show(message, ...actions));
  }

  progress<T>(title: string, onCancel: () => void, task: (report: (message: string) => void) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        const subscription = token.onCancellationRequested(onCancel);
        return task((message) => progress.report({ message })).finally(() => subscription.dispose());
      }),
    );
  }
}

/**
 * The prompts of one command call with every text the user is shown passed through the log's
 * redaction first: an error that quotes a Bearer token or a `?code=` never reaches a pop-up.
 */
export class RedactingUserInput implements UserInput {
  constructor(
    private readonly inner: UserInput,
    private readonly redact: (text: string) => string,
  ) {}

  pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: PickOptions): Promise<T> {
    return this.inner.pick(items, options);
  }

  input(options: InputOptions): Promise<string> {
    return this.inner.input(options);
  }

  confirm(message: string, detail: string, ...actions: string[]): Promise<string> {
    return this.inner.confirm(this.redact(message), this.redact(detail), ...actions);
  }

  message(level: MessageLevel, message: string, ...actions: string[]): Promise<string | undefined> {
    return this.inner.message(level, this.redact(message), ...actions);
  }

  progress<T>(title: string, onCancel: () => void, task: (report: (message: string) => void) => Promise<T>): Promise<T> {
    return this.inner.progress(title, onCancel, task);
  }
}

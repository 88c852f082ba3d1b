// A UserInput for extension-host tests: every prompt is answered from a queue of scripted
// answers, in order, and every prompt and message is recorded so tests can assert on what the
// user was asked and told. A prompt with no scripted answer, or of another kind than the next
// answer, fails the command at once with a message naming the prompt (a test never hangs on an
// invisible quick pick).
import type * as vscode from 'vscode';
import { CancelledError } from '../../../src/core/errors';
import type { InputOptions, MessageLevel, PickOptions, UserInput } from '../../../src/commands/userInput';

/** How a quick pick is answered: by label (exact, or a RegExp), by predicate, or by index. */
export type PickAnswer = string | RegExp | number | ((item: vscode.QuickPickItem) => boolean);

export type ScriptedAnswer =
  | { kind: 'pick'; answer: PickAnswer }
  | { kind: 'input'; answer: string | ((current: string | undefined) => string) }
  | { kind: 'confirm'; answer: string }
  | { kind: 'message'; answer: string | RegExp | undefined }
  | { kind: 'cancel'; of?: PromptKind }
  | { kind: 'act'; action: () => unknown }
  | { kind: 'cancelProgress'; when?: () => Promise<unknown> };

export type PromptKind = 'pick' | 'input' | 'confirm' | 'message' | 'progress';

/** One prompt the command showed, with what it was answered. */
export interface RecordedPrompt {
  kind: PromptKind;
  /** Title, prompt text or message text. */
  text: string;
  /** Pick: the labels offered. Confirm/message: the actions. */
  choices: string[];
  /** Input: the value pre-filled in the box. Confirm: the detail. */
  value?: string;
  /** Input: the validator's verdict on the scripted value (undefined = accepted). */
  validation?: string;
  answer?: string;
  level?: MessageLevel;
}

export class UnexpectedPromptError extends Error {
  override readonly name = 'UnexpectedPromptError';
}

/** Script builders, so a test reads like the user's clicks: `ui.queue(pick('Contoso'), input('x'))`. */
export const pick = (answer: PickAnswer): ScriptedAnswer => ({ kind: 'pick', answer });
export const input = (answer: string | ((current: string | undefined) => string)): ScriptedAnswer => ({ kind: 'input', answer });
/** Keep the value the input box was pre-filled with (like pressing Enter). */
export const accept = (): ScriptedAnswer => ({ kind: 'input', answer: (current) => current ?? '' });
export const confirm = (answer: string): ScriptedAnswer => ({ kind: 'confirm', answer });
/** Click an action on the next message that offers actions (or dismiss it: undefined). */
export const messageAction = (answer: string | RegExp | undefined): ScriptedAnswer => ({ kind: 'message', answer });
/** Dismiss the next prompt (Escape); `of` checks its kind. */
export const cancel = (of?: PromptKind): ScriptedAnswer => ({ kind: 'cancel', of });
/**
 * Runs `action` (awaited) when the next prompt appears, before it is answered: the world
 * changing while the user looks at a prompt (a fault armed, a credential made elsewhere).
 */
export const act = (action: () => unknown): ScriptedAnswer => ({ kind: 'act', action });
/**
 * Clicks Cancel on the next progress notification once its task has started and `when` (if
 * given) has resolved: the call's signal is aborted while the work is in flight.
 */
export const cancelProgress = (when?: () => Promise<unknown>): ScriptedAnswer => ({ kind: 'cancelProgress', when });

export class ScriptedUserInput implements UserInput {
  private readonly answers: ScriptedAnswer[] = [];
  readonly prompts: RecordedPrompt[] = [];

  constructor(...answers: ScriptedAnswer[]) {
    this.answers.push(...answers);
  }

  queue(...answers: ScriptedAnswer[]): this {
    this.answers.push(...answers);
    return this;
  }

  /** Answers not yet consumed: a finished test expects none. */
  get remaining(): readonly ScriptedAnswer[] {
    return this.answers;
  }

  /** Every message shown (info / warning / error), in order. */
  messages(level?: MessageLevel): RecordedPrompt[] {
    return this.prompts.filter((p) => p.kind === 'message' && (level === undefined || p.level === level));
  }

  /** Throws when scripted answers were left over (the command asked less than expected). */
  assertDone(): void {
    if (this.answers.length > 0) {
      throw new Error(`${this.answers.length} scripted answer(s) were not used: ${this.answers.map(describeAnswer).join(', ')}. Prompts seen:\n${this.transcript()}`);
    }
  }

  /** The prompts and messages so far, one per line: handy in assertion messages. */
  transcript(): string {
    return this.prompts.map((p) => `  ${p.kind}${p.level ? `(${p.level})` : ''}: ${p.text}${p.answer !== undefined ? ` → ${p.answer}` : ''}`).join('\n');
  }

  async pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: PickOptions): Promise<T> {
    const resolved = await items;
    await this.runActions();
    const record: RecordedPrompt = { kind: 'pick', text: options.title ?? options.placeHolder ?? '', choices: resolved.map((i) => i.label) };
    this.prompts.push(record);
    if (resolved.length === 0 && options.emptyMessage) {
      this.prompts.push({ kind: 'message', level: 'info', text: options.emptyMessage, choices: [] });
      throw new CancelledError();
    }
    const next = this.take('pick', record);
    if (next.kind === 'cancel') throw new CancelledError();
    const answer = (next as { answer: PickAnswer }).answer;
    const chosen = choose(resolved, answer);
    if (!chosen) {
      throw new UnexpectedPromptError(`Quick pick "${record.text}" has no item matching ${String(answer)}; items: ${record.choices.join(' | ')}`);
    }
    record.answer = chosen.label;
    return chosen;
  }

  /**
   * A real input box does not accept a value its validator rejects: the user reads the message
   * under the box and types again. So a rejected value is recorded (with `validation` set) and
   * the next scripted answer is the user's next attempt (another input, or a cancel).
   */
  async input(options: InputOptions): Promise<string> {
    const text = options.title ? `${options.title}: ${options.prompt ?? ''}` : (options.prompt ?? '');
    for (;;) {
      await this.runActions();
      const record: RecordedPrompt = { kind: 'input', text, choices: [], value: options.value };
      this.prompts.push(record);
      const next = this.take('input', record);
      if (next.kind === 'cancel') throw new CancelledError();
      const scripted = (next as { answer: string | ((current: string | undefined) => string) }).answer;
      const value = typeof scripted === 'function' ? scripted(options.value) : scripted;
      record.answer = value;
      const problem = options.validate?.(value);
      if (!problem) return value;
      record.validation = problem;
    }
  }

  /** The messages input boxes showed under rejected values, in order. */
  validations(): string[] {
    return this.prompts.filter((p) => p.validation !== undefined).map((p) => p.validation as string);
  }

  async confirm(message: string, detail: string, ...actions: string[]): Promise<string> {
    await this.runActions();
    const record: RecordedPrompt = { kind: 'confirm', text: message, choices: actions, value: detail };
    this.prompts.push(record);
    const next = this.take('confirm', record);
    if (next.kind === 'cancel') throw new CancelledError();
    const answer = (next as { answer: string }).answer;
    if (!actions.includes(answer)) throw new UnexpectedPromptError(`Confirmation "${message}" has no action "${answer}"; actions: ${actions.join(' | ')}`);
    record.answer = answer;
    return answer;
  }

  /**
   * Messages never block a test: one without actions is only recorded. One with actions takes
   * the next scripted answer if it is a `messageAction` or `cancel('message')`, else it is
   * dismissed (as a user who ignores a toast).
   */
  async message(level: MessageLevel, message: string, ...actions: string[]): Promise<string | undefined> {
    const record: RecordedPrompt = { kind: 'message', level, text: message, choices: actions };
    this.prompts.push(record);
    const next = this.answers[0];
    const scriptedForMessage = actions.length > 0 && next !== undefined && (next.kind === 'message' || (next.kind === 'cancel' && next.of === 'message'));
    if (!scriptedForMessage) return undefined;
    this.answers.shift();
    if (next.kind === 'cancel') return undefined;
    const wanted = (next as { answer: string | RegExp | undefined }).answer;
    if (wanted === undefined) return undefined;
    const chosen = actions.find((a) => (typeof wanted === 'string' ? a === wanted : wanted.test(a)));
    if (!chosen) throw new UnexpectedPromptError(`Message "${message}" has no action matching ${String(wanted)}; actions: ${actions.join(' | ')}`);
    record.answer = chosen;
    return chosen;
  }

  /**
   * A progress notification runs its task at once. When the next answer is `cancelProgress()`,
   * Cancel is clicked right after the task started; otherwise the task runs to its end.
   */
  async progress<T>(title: string, onCancel: () => void, task: (report: (message: string) => void) => Promise<T>): Promise<T> {
    const record: RecordedPrompt = { kind: 'progress', text: title, choices: [] };
    this.prompts.push(record);
    const next = this.answers[0];
    const cancel = next?.kind === 'cancelProgress' ? next : undefined;
    if (cancel) {
      this.answers.shift();
      record.answer = 'Cancel';
    }
    const running = task(() => undefined);
    if (!cancel) return running;
    // Cancel once the task is under way, unless it finished first (then Cancel comes too late).
    let finished = false;
    void running.finally(() => (finished = true)).catch(() => undefined);
    await Promise.race([cancel.when?.() ?? Promise.resolve(), running.catch(() => undefined)]);
    if (!finished) onCancel();
    return running;
  }

  private async runActions(): Promise<void> {
    while (this.answers[0]?.kind === 'act') {
      const next = this.answers.shift() as { action: () => unknown };
      await next.action();
    }
  }

  private take(kind: PromptKind, record: RecordedPrompt): ScriptedAnswer {
    const next = this.answers.shift();
    if (!next) {
      throw new UnexpectedPromptError(`Unexpected ${kind} "${record.text}"${record.choices.length ? ` (choices: ${record.choices.join(' | ')})` : ''}: no scripted answer left. Prompts so far:\n${this.transcript()}`);
    }
    const matches = next.kind === kind || (next.kind === 'cancel' && (next.of === undefined || next.of === kind));
    if (!matches) {
      throw new UnexpectedPromptError(`Expected a ${describeAnswer(next)} but the command showed a ${kind} "${record.text}". Prompts so far:\n${this.transcript()}`);
    }
    if (next.kind === 'cancel') record.answer = '(cancelled)';
    return next;
  }
}

function choose<T extends vscode.QuickPickItem>(items: T[], answer: PickAnswer): T | undefined {
  if (typeof answer === 'number') return items[answer];
  if (typeof answer === 'string') return items.find((i) => i.label === answer) ?? items.find((i) => stripIcons(i.label) === answer);
  if (answer instanceof RegExp) return items.find((i) => answer.test(i.label) || answer.test(i.description ?? '') || answer.test(i.detail ?? ''));
  return items.find(answer);
}

/** "$(key) Name" → "Name": scripts name items as the user reads them. */
function stripIcons(label: string): string {
  return label.replace(/\$\([a-z0-9-~]+\)\s*/gi, '').trim();
}

function describeAnswer(a: ScriptedAnswer): string {
  if (a.kind === 'act') return 'act';
  if (a.kind === 'cancelProgress') return 'cancel of a progress';
  if (a.kind === 'cancel') return `cancel${a.of ? ` of a ${a.of}` : ''}`;
  const answer = (a as { answer: unknown }).answer;
  return `${a.kind} (${typeof answer === 'function' ? 'function' : String(answer)})`;
}

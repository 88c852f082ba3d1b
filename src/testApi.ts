// The API `activate()` returns. It exists for the extension's own extension-host tests and the
// bench, not for other extensions: it exposes the model to wait on and query
// (`model.whenLoaded(tenantId)`, `model.tenant(id).app(objectId)`), the services, and a way to
// script the prompts of the commands run inside one callback.
import type { InputSource } from './commands/registry';
import type { ExtensionServices } from './commands/services';
import type { UserInput } from './commands/userInput';

export interface ExtensionTestApi extends ExtensionServices {
  /**
   * Runs `run` with every command called inside it answering its prompts from `ui`, e.g.
   * `api.withScriptedInput(ui, () => vscode.commands.executeCommand('miFederation.addCredential', node))`.
   * Calls outside it use VS Code's own prompts.
   */
  withScriptedInput<T>(ui: UserInput, run: () => Thenable<T> | Promise<T>): Promise<T>;
}

/** The prompts in force: the innermost `withScriptedInput`, else none (VS Code's). */
export class ScriptedInputs implements InputSource {
  private readonly stack: UserInput[] = [];

  current(): UserInput | undefined {
    return this.stack.at(-1);
  }

  async run<T>(ui: UserInput, run: () => Thenable<T> | Promise<T>): Promise<T> {
    this.stack.push(ui);
    try {
      return await run();
    } finally {
      this.stack.splice(this.stack.lastIndexOf(ui), 1);
    }
  }
}

export function createTestApi(services: ExtensionServices, inputs: ScriptedInputs): ExtensionTestApi {
  return { ...services, withScriptedInput: (ui, run) => inputs.run(ui, run) };
}

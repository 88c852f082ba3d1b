// The one set-up of an extension-host suite: the extension's test API, a sandbox tenant started
// in this process and signed in to through the real device-code path, no token function left
// from another file, a fresh ScriptedUserInput per test (printed when the test fails), faults
// and latency cleared between tests; at the end token functions removed, signed out, the
// sandbox closed. Commands run through `suite.run(...)`, which scripts that call's prompts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox, SandboxOptions } from '../../../src/sandbox/types';
import type { ExtensionTestApi } from '../../../src/testApi';
import { SandboxAdmin } from './sandboxAdmin';
import { ScriptedUserInput } from './scriptedUserInput';

export const extensionId = 'mi-federation.mi-federation';

export async function extensionApi(): Promise<ExtensionTestApi> {
  const extension = vscode.extensions.getExtension<ExtensionTestApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded in this extension host.`);
  return extension.activate();
}

export interface SandboxSuite {
  readonly api: ExtensionTestApi;
  readonly sandbox: RunningSandbox;
  readonly admin: SandboxAdmin;
  /** This test's scripted prompts. */
  readonly ui: ScriptedUserInput;
  readonly home: string;
  readonly customer: string;
  /** Runs a command with this test's scripted prompts. */
  run<T = unknown>(command: string, ...args: unknown[]): Promise<T>;
  /** Runs a command with other scripted prompts (a second user action inside one test). */
  runWith<T = unknown>(ui: ScriptedUserInput, command: string, ...args: unknown[]): Promise<T>;
  /** After a test stopped the sandbox and started another (same port): use that one. */
  replaceSandbox(sandbox: RunningSandbox): void;
}

export interface SandboxSuiteOptions extends SandboxOptions {
  /** Leave the view closed (tests of activation and sign-in that need no tree). */
  hideView?: boolean;
  /** Runs before the sign-in (the telemetry suite starts recording there). */
  beforeSignIn?: (api: ExtensionTestApi) => void;
}

/** Inside a describe(): set up and tear down as described above; returns the suite's handles. */
export function useSandboxSuite(options: SandboxSuiteOptions = {}): SandboxSuite {
  let api: ExtensionTestApi | undefined;
  let sandbox: RunningSandbox | undefined;
  let admin: SandboxAdmin | undefined;
  let ui = new ScriptedUserInput();

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready (did the before() hook fail?)`);
    return value;
  };
  const runWith = <T>(scripted: ScriptedUserInput, command: string, ...args: unknown[]): Promise<T> =>
    need(api, 'the extension').withScriptedInput(scripted, () => vscode.commands.executeCommand<T>(command, ...args));

  before(async function () {
    this.timeout(120_000);
    const { hideView, beforeSignIn, ...sandboxOptions } = options;
    api = await extensionApi();
    if (api.session.account) await vscode.commands.executeCommand('miFederation.signOut');
    beforeSignIn?.(api);
    sandbox = await startSandbox({ tokenFunction: false, ...sandboxOptions });
    // Credentials take effect at once unless a test asks for Entra's propagation delay.
    sandbox.control.setFicPropagationDelay(0);
    await runWith(new ScriptedUserInput(), 'miFederation.useSandbox', sandbox);
    assert.ok(api.session.account, 'signing in to the sandbox failed; see the MI Federation log');
    admin = new SandboxAdmin(sandbox);
    await removeAllTokenFunctions(api);
    // The view is shown, as it is when a user runs a command from it: reveal needs a drawn tree.
    if (!hideView) await vscode.commands.executeCommand('workbench.view.extension.miFederation');
  });

  beforeEach(() => {
    ui = new ScriptedUserInput();
    if (!sandbox) return;
    sandbox.control.clearFaults();
    sandbox.control.setLatency(0);
    for (const tenant of [sandbox.tenants.home, sandbox.tenants.customer]) sandbox.control.denyGraph(tenant, false);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`prompts:\n${ui.transcript()}`);
  });

  after(async () => {
    if (api) {
      await removeAllTokenFunctions(api);
      await vscode.commands.executeCommand('miFederation.signOut');
    }
    await sandbox?.close();
  });

  return {
    get api() {
      return need(api, 'the extension');
    },
    get sandbox() {
      return need(sandbox, 'the sandbox');
    },
    get admin() {
      return need(admin, 'the sandbox admin');
    },
    get ui() {
      return ui;
    },
    get home() {
      return need(sandbox, 'the sandbox').tenants.home;
    },
    get customer() {
      return need(sandbox, 'the sandbox').tenants.customer;
    },
    run: <T>(command: string, ...args: unknown[]) => runWith<T>(ui, command, ...args),
    runWith,
    replaceSandbox(next: RunningSandbox) {
      sandbox = next;
      admin = new SandboxAdmin(next);
    },
  };
}

/** Token functions survive in globalState across test files: each file starts from none. */
export async function removeAllTokenFunctions(api: ExtensionTestApi): Promise<void> {
  for (const entry of api.model.tokenFunctions.list()) await api.model.tokenFunctions.remove(entry.id);
}

// Typed usage events on @vscode/extension-telemetry. Events carry what happened and how long it
// took — never tokens, keys, tenant or object ids, names or URLs. Without a connection string
// (the default for builds from source) no reporter exists and nothing is sent; the library
// itself honours telemetry.telemetryLevel.
import type * as vscode from 'vscode';

export interface TelemetryEvents {
  command: { command: string; result: 'Succeeded' | 'Failed' | 'Canceled'; errorCode?: string; durationMs: number; itemCount?: number; exportFormat?: string };
  signIn: { method: string; cloud: string; result: 'Succeeded' | 'Failed' | 'Canceled' };
  /** Go Secretless: the outcome and counts, never which app, identity or key. */
  goSecretless: {
    outcome: 'secretless' | 'partial' | 'kept' | 'canceled' | 'nothingToRemove';
    verified: 'yes' | 'no' | 'notRun';
    credential: 'created' | 'reused' | 'none';
    secrets: number;
    certificates: number;
    removed: number;
    remaining: number;
  };
}

export type TelemetryEventName = keyof TelemetryEvents;

export interface TelemetrySink {
  send<E extends TelemetryEventName>(name: E, data: TelemetryEvents[E]): void;
}

/** Keeps the events in memory: what tests assert on. */
export class RecordingTelemetry implements TelemetrySink {
  readonly events: Array<{ name: TelemetryEventName; data: Record<string, string | number | undefined> }> = [];

  send<E extends TelemetryEventName>(name: E, data: TelemetryEvents[E]): void {
    this.events.push({ name, data: { ...data } });
  }
}

export class Telemetry implements TelemetrySink, vscode.Disposable {
  private reporter: { sendTelemetryEvent(name: string, p?: Record<string, string>, m?: Record<string, number>): void; dispose(): Promise<unknown> } | undefined;
  private readonly listeners: TelemetrySink[] = [];

  constructor(connectionString: string | undefined) {
    if (connectionString) void this.start(connectionString);
  }

  /** Also hands every event to `sink` (tests record the events of a flow with this). */
  addListener(sink: TelemetrySink): vscode.Disposable {
    this.listeners.push(sink);
    return { dispose: () => void this.listeners.splice(this.listeners.indexOf(sink), 1) };
  }

  send<E extends TelemetryEventName>(name: E, data: TelemetryEvents[E]): void {
    for (const listener of this.listeners) listener.send(name, data);
    if (!this.reporter) return;
    const properties: Record<string, string> = {};
    const measurements: Record<string, number> = {};
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'number') measurements[key] = value;
      else if (typeof value === 'string') properties[key] = value;
    }
    this.reporter.sendTelemetryEvent(name, properties, measurements);
  }

  dispose(): void {
    void this.reporter?.dispose();
  }

  private async start(connectionString: string): Promise<void> {
    // Loaded only when telemetry is configured: activation stays cheap otherwise.
    const { TelemetryReporter } = await import('@vscode/extension-telemetry');
    this.reporter = new TelemetryReporter(connectionString);
  }
}

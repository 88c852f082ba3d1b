// A tiny event emitter with vscode.Event's calling shape, so the model runs (and is unit-tested)
// in plain Node while views subscribe to it exactly as they would to a vscode.EventEmitter.
export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: Array<Listener<T>> = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  fire(value: T): void {
    // A listener that throws must not keep the others (the other view) from redrawing.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (e) {
        console.error('A model listener failed', e);
      }
    }
  }

  /** Resolves with the next value that satisfies `matches` (no timer: it waits on the event). */
  next(matches: (value: T) => boolean = () => true): Promise<T> {
    return new Promise((resolve) => {
      const subscription = this.event((value) => {
        if (!matches(value)) return;
        subscription.dispose();
        resolve(value);
      });
    });
  }

  dispose(): void {
    this.listeners = [];
  }
}

// The one way the inspector builds DOM: elements with fixed tag and attribute names, and text
// through text nodes only. Token data never reaches innerHTML, an event handler attribute or a
// URL attribute, so a claim like `<img src=x onerror=alert(1)>` can only ever be text.

type Child = Node | string | false | null | undefined;

export interface Props {
  class?: string;
  /** Attributes whose names are fixed in this code; values are set as text. */
  attrs?: Record<string, string | boolean | undefined>;
  /** Properties of custom elements (heading, icon, ...). */
  props?: Record<string, unknown>;
  on?: Record<string, (event: Event) => void>;
}

export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (/^on/i.test(name) || name === 'href' || name === 'src') throw new Error(`Refusing to set attribute ${name} from data.`);
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const [name, value] of Object.entries(props.props ?? {})) (el as unknown as Record<string, unknown>)[name] = value;
  for (const [event, handler] of Object.entries(props.on ?? {})) el.addEventListener(event, handler);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * A codicon from the page's codicon stylesheet. Plain spans, not <vscode-icon>: each of those
 * links the whole codicon stylesheet into its own shadow root, and a claims table has dozens.
 */
export function icon(name: string, label?: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, attrs: { role: label ? 'img' : undefined, 'aria-label': label, 'aria-hidden': label ? undefined : 'true' } });
}

/** A short status note at the foot of the page (after Copy), gone after two seconds. */
export function toast(text: string): void {
  const note = h('div', { class: 'toast', attrs: { role: 'status' } }, text);
  document.body.appendChild(note);
  setTimeout(() => note.remove(), 2000);
}

// Tiny DOM helpers for the summary panel. Note data always goes in as text (textContent or
// attribute values), never as markup: a drug named `<img src=x onerror=…>` is shown literally.
import type { Located } from './model.ts';

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string | number | boolean | null | undefined>,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | number | boolean | null | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string | number | boolean | null | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Elements that reveal a range of the note when clicked or activated with Enter/Space. */
const targets = new WeakMap<Element, Located>();

export function makeRevealable(el: Element, target: Located, label?: string): void {
  targets.set(el, target);
  el.setAttribute('data-line', String(target.line));
  el.setAttribute('tabindex', '0');
  el.classList.add('revealable');
  if (label !== undefined) el.setAttribute('aria-label', label);
  if (!el.hasAttribute('role')) el.setAttribute('role', 'button');
}

export function revealTargetOf(el: EventTarget | null): Located | null {
  let node = el instanceof Element ? el : null;
  while (node) {
    const t = targets.get(node);
    if (t) return t;
    node = node.parentElement ?? (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);
  }
  return null;
}

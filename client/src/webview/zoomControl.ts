// Zoom and pan of one case's figure (timeline and lab charts on one day axis): buttons and
// keys on a toolbar, Ctrl/⌘ + wheel about the pointer, Shift + wheel to pan, and a drag across
// any chart to show the days dragged over. The domain logic is dayZoom.ts; this file only turns
// input into domains and asks the section to redraw on the new one.
import type { FigureLayout } from './charts.ts';
import type { Domain } from './dayZoom.ts';
import { isFitted, panDomain, selectDomain, zoomDomain } from './dayZoom.ts';
import { h } from './dom.ts';

const STEP_IN = 0.5;
const PAN_SHARE = 0.25;
/** Pixels a press must move before it is a drag (a smaller move is a click that reveals a mark). */
const DRAG_MIN = 5;

const days = (d: Domain): string => {
  const lo = Math.ceil(d[0] - 1e-9);
  const hi = Math.floor(d[1] + 1e-9);
  return lo <= hi ? `days ${lo} to ${hi}` : `around day ${Math.round((d[0] + d[1]) / 2)}`;
};

export class ZoomControl {
  readonly element: HTMLElement;
  private readonly status = h('span', { class: 'zoom-status', 'aria-live': 'polite' });
  private readonly buttons: Record<'in' | 'out' | 'earlier' | 'later' | 'fit', HTMLButtonElement>;
  private layout: FigureLayout | null = null;
  private selection: HTMLElement | null = null;
  private drag: { x: number; svg: SVGSVGElement; pointer: number; moved: boolean } | null = null;
  private swallowClick = false;
  private frame = 0;
  private pending: Domain | null = null;

  /** `onChange` redraws the figure on the domain (null: fitted to the case). */
  constructor(
    private readonly figure: HTMLElement,
    private readonly onChange: (domain: Domain | null) => void,
  ) {
    const button = (label: string, text: string, title: string): HTMLButtonElement => h('button', { type: 'button', class: 'zoom-button', 'aria-label': label, title }, text);
    this.buttons = {
      out: button('Zoom out', '−', 'Zoom out (−)'),
      in: button('Zoom in', '+', 'Zoom in (+)'),
      earlier: button('Earlier days', '◀', 'Earlier days (←)'),
      later: button('Later days', '▶', 'Later days (→)'),
      fit: button('Fit case', 'Fit case', 'Show the whole case (0)'),
    };
    this.element = h('div', { class: 'zoom-bar', role: 'toolbar', 'aria-label': 'Day axis: zoom and pan', hidden: true }, ...Object.values(this.buttons), this.status);
    this.buttons.in.addEventListener('click', () => this.zoomBy(STEP_IN));
    this.buttons.out.addEventListener('click', () => this.zoomBy(1 / STEP_IN));
    this.buttons.earlier.addEventListener('click', () => this.panBy(-PAN_SHARE));
    this.buttons.later.addEventListener('click', () => this.panBy(PAN_SHARE));
    this.buttons.fit.addEventListener('click', () => this.set(null));
    figure.addEventListener('keydown', (e) => this.onKey(e));
    figure.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    figure.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    figure.addEventListener('pointermove', (e) => this.onPointerMove(e));
    figure.addEventListener('pointerup', (e) => this.onPointerUp(e));
    figure.addEventListener('pointercancel', () => this.endDrag());
    // A drag ends in a click on whatever was under the pointer: it must not reveal that mark.
    figure.addEventListener('click', (e) => {
      if (!this.swallowClick) return;
      this.swallowClick = false;
      e.stopPropagation();
      e.preventDefault();
    }, true);
  }

  /** The layout the figure was last drawn with (its axis is the current domain). */
  setLayout(layout: FigureLayout | null): void {
    this.layout = layout;
    this.element.hidden = !layout;
    if (!layout) return;
    const fitted = isFitted(layout.axis.domain, layout.bounds);
    this.buttons.fit.disabled = fitted;
    this.buttons.out.disabled = fitted;
    this.buttons.earlier.disabled = layout.axis.domain[0] <= layout.bounds[0] + 1e-9;
    this.buttons.later.disabled = layout.axis.domain[1] >= layout.bounds[1] - 1e-9;
    this.status.textContent = fitted ? `Whole case, ${days(layout.bounds)}` : `Showing ${days(layout.axis.domain)}`;
  }

  private get domain(): Domain | null {
    return this.layout ? this.layout.axis.domain : null;
  }

  private set(domain: Domain | null): void {
    if (!this.layout) return;
    this.onChange(domain && !isFitted(domain, this.layout.bounds) ? domain : null);
  }

  /** Wheel and drag come faster than charts draw: one redraw per frame, on the latest domain. */
  private setSoon(domain: Domain): void {
    this.pending = domain;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.pending) this.set(this.pending);
      this.pending = null;
    });
  }

  private zoomBy(factor: number, center?: number): void {
    const d = this.pending ?? this.domain;
    if (!d || !this.layout) return;
    this.set(zoomDomain(d, center ?? (d[0] + d[1]) / 2, factor, this.layout.bounds));
  }

  private panBy(share: number): void {
    const d = this.domain;
    if (!d || !this.layout) return;
    this.set(panDomain(d, (d[1] - d[0]) * share, this.layout.bounds));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const inBar = this.element.contains(e.target as Node);
    if (e.key === '+' || e.key === '=') this.zoomBy(STEP_IN);
    else if (e.key === '-' || e.key === '_') this.zoomBy(1 / STEP_IN);
    else if (e.key === '0') this.set(null);
    else if (inBar && e.key === 'ArrowLeft') this.panBy(-PAN_SHARE);
    else if (inBar && e.key === 'ArrowRight') this.panBy(PAN_SHARE);
    else return;
    e.preventDefault();
  }

  /** The day under a client x on a chart of the figure (charts may be scaled down to fit). */
  private dayAt(clientX: number, svg: SVGSVGElement): number | null {
    const layout = this.layout;
    if (!layout) return null;
    const rect = svg.getBoundingClientRect();
    if (!rect.width) return null;
    const x = ((clientX - rect.left) * layout.width) / rect.width;
    const [d0, d1] = layout.axis.domain;
    return d0 + ((x - layout.marginLeft) / Math.max(1, layout.width - layout.marginLeft - layout.marginRight)) * (d1 - d0);
  }

  private chartOf(target: EventTarget | null): SVGSVGElement | null {
    const el = target instanceof Element ? target.closest('svg') : null;
    return el instanceof SVGSVGElement && this.figure.contains(el) ? el : null;
  }

  private onWheel(e: WheelEvent): void {
    const svg = this.chartOf(e.target);
    const d = this.pending ?? this.domain;
    if (!svg || !d || !this.layout || (!e.ctrlKey && !e.metaKey && !e.shiftKey)) return;
    e.preventDefault();
    const delta = e.deltaY || e.deltaX;
    if (e.shiftKey) {
      this.setSoon(panDomain(d, (d[1] - d[0]) * Math.sign(delta) * 0.1, this.layout.bounds));
      return;
    }
    const center = this.dayAt(e.clientX, svg) ?? (d[0] + d[1]) / 2;
    this.setSoon(zoomDomain(d, center, Math.exp(Math.max(-1, Math.min(1, delta * 0.002))), this.layout.bounds));
  }

  private onPointerDown(e: PointerEvent): void {
    this.swallowClick = false;
    const svg = this.chartOf(e.target);
    if (!svg || e.button !== 0 || !this.layout) return;
    this.drag = { x: e.clientX, svg, pointer: e.pointerId, moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointer) return;
    if (!drag.moved && Math.abs(e.clientX - drag.x) < DRAG_MIN) return;
    if (!drag.moved) {
      drag.moved = true;
      this.figure.setPointerCapture?.(e.pointerId);
      this.selection = h('div', { class: 'zoom-selection', 'aria-hidden': 'true' });
      this.figure.appendChild(this.selection);
    }
    const box = this.figure.getBoundingClientRect();
    const left = Math.min(drag.x, e.clientX) - box.left;
    this.selection!.style.left = `${left}px`;
    this.selection!.style.width = `${Math.abs(e.clientX - drag.x)}px`;
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointer) return;
    this.endDrag();
    if (!drag.moved || !this.layout) return;
    this.swallowClick = true;
    const a = this.dayAt(drag.x, drag.svg);
    const b = this.dayAt(e.clientX, drag.svg);
    if (a !== null && b !== null) this.set(selectDomain(a, b, this.layout.bounds));
  }

  private endDrag(): void {
    if (this.drag && this.figure.hasPointerCapture?.(this.drag.pointer)) this.figure.releasePointerCapture(this.drag.pointer);
    this.drag = null;
    this.selection?.remove();
    this.selection = null;
  }
}

// Zoom and pan on a case's day axis, as pure functions of the domain (first and last day
// shown). The timeline and every lab chart of the case are drawn on the one domain these
// return, so they move together. The bounds are the case's fitted domain: zooming out stops
// at the whole case, panning stops at its ends.

export type Domain = [number, number];

/** The narrowest span one can zoom to, in days: two days still show a tick each side. */
export const MIN_SPAN = 2;

const span = (d: Domain): number => d[1] - d[0];

/** `domain` moved (not resized) to lie inside `bounds`; a domain wider than bounds becomes bounds. */
export function clampDomain(domain: Domain, bounds: Domain): Domain {
  const width = Math.min(span(domain), span(bounds));
  let lo = Math.max(domain[0], bounds[0]);
  if (lo + width > bounds[1]) lo = bounds[1] - width;
  return [lo, lo + width];
}

/**
 * The domain zoomed by `factor` (< 1 zooms in, > 1 out) about the day `center`, which stays at
 * the same place on screen; the span is kept between MIN_SPAN (or the bounds' span, if smaller)
 * and the bounds' span, and the result inside the bounds.
 */
export function zoomDomain(domain: Domain, center: number, factor: number, bounds: Domain, minSpan = MIN_SPAN): Domain {
  if (!(factor > 0) || !Number.isFinite(factor)) return clampDomain(domain, bounds);
  const old = span(domain);
  const width = Math.min(span(bounds), Math.max(Math.min(minSpan, span(bounds)), old * factor));
  const c = Math.min(Math.max(center, domain[0]), domain[1]);
  const at = old > 0 ? (c - domain[0]) / old : 0.5;
  const lo = c - at * width;
  return clampDomain([lo, lo + width], bounds);
}

/** The domain moved by `days` (negative: towards earlier days), inside the bounds. */
export function panDomain(domain: Domain, days: number, bounds: Domain): Domain {
  if (!Number.isFinite(days)) return clampDomain(domain, bounds);
  return clampDomain([domain[0] + days, domain[1] + days], bounds);
}

/** The domain showing the days from `a` to `b` (in either order, e.g. a drag on the axis), inside the bounds. */
export function selectDomain(a: number, b: number, bounds: Domain, minSpan = MIN_SPAN): Domain {
  // A drag past the axis selects up to the end of the case, not a window shifted back inside.
  const lo = Math.max(Math.min(a, b), bounds[0]);
  const hi = Math.min(Math.max(a, b), bounds[1]);
  const mid = (lo + hi) / 2;
  const width = Math.max(hi - lo, Math.min(minSpan, span(bounds)));
  return clampDomain([mid - width / 2, mid + width / 2], bounds);
}

/** Whether the domain shows the whole case (nothing to reset). */
export function isFitted(domain: Domain, bounds: Domain): boolean {
  return Math.abs(domain[0] - bounds[0]) < 1e-9 && Math.abs(domain[1] - bounds[1]) < 1e-9;
}

/** A zoomed domain kept across an update of the note: null (follow the case) when it showed
 * the whole old case or no longer meets the new one, else clamped to the new bounds. */
export function carryDomain(domain: Domain | null, oldBounds: Domain | null, bounds: Domain): Domain | null {
  if (!domain || !oldBounds || isFitted(domain, oldBounds)) return null;
  if (domain[1] < bounds[0] || domain[0] > bounds[1]) return null;
  const kept = clampDomain(domain, bounds);
  return isFitted(kept, bounds) ? null : kept;
}

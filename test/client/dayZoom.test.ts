// Zoom and pan of a case's day axis (the domain the timeline and every lab chart share):
// pure functions of the domain, clamped to the fitted case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carryDomain, clampDomain, dayAxisFor, fitDayAxis, isFitted, MIN_SPAN, panDomain, selectDomain, zoomDomain, type Domain } from '../../client/src/webview/model.ts';

const bounds: Domain = [-10, 290];
const close = (a: Domain, b: Domain, msg?: string): void => {
  assert.ok(Math.abs(a[0] - b[0]) < 1e-9 && Math.abs(a[1] - b[1]) < 1e-9, `${msg ?? ''} ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
};

test('zoom keeps the day under the pointer where it is and halves or doubles the span', () => {
  close(zoomDomain(bounds, 140, 0.5, bounds), [65, 215], 'about the middle');
  const z = zoomDomain(bounds, 20, 0.5, bounds);
  close(z, [5, 155]);
  assert.equal((20 - z[0]) / (z[1] - z[0]), (20 - bounds[0]) / (bounds[1] - bounds[0]), 'day 20 stays at the same fraction of the width');
  close(zoomDomain([5, 155], 20, 2, bounds), bounds, 'zooming back out returns to the whole case');
});

test('zoom is clamped: never beyond the case, never narrower than MIN_SPAN days', () => {
  close(zoomDomain(bounds, 100, 4, bounds), bounds, 'zooming out stops at the case');
  close(zoomDomain([250, 290], 289, 3, bounds), [170, 290], 'zooming out near an end stays inside');
  const tiny = zoomDomain([100, 104], 101, 0.01, bounds);
  assert.equal(tiny[1] - tiny[0], MIN_SPAN);
  assert.ok(tiny[0] <= 101 && tiny[1] >= 101);
  close(zoomDomain([0.5, 2.5], 1, 0.1, [0.5, 2.5]), [0.5, 2.5], 'a case shorter than MIN_SPAN does not zoom');
  close(zoomDomain([10, 20], 15, Number.NaN, bounds), [10, 20], 'a bad factor changes nothing');
  close(zoomDomain([10, 20], 15, 0, bounds), [10, 20]);
});

test('pan moves the domain without resizing it, and stops at the ends of the case', () => {
  close(panDomain([10, 60], 25, bounds), [35, 85]);
  close(panDomain([10, 60], -100, bounds), [-10, 40], 'stops at the first day');
  close(panDomain([200, 280], 100, bounds), [210, 290], 'stops at the last day');
  close(panDomain(bounds, 30, bounds), bounds, 'nothing to pan when the whole case shows');
});

test('a drag over days selects them, in either direction, at least MIN_SPAN wide, inside the case', () => {
  close(selectDomain(30, 12, bounds), [12, 30]);
  close(selectDomain(40, 40.5, bounds), [40.25 - MIN_SPAN / 2, 40.25 + MIN_SPAN / 2]);
  close(selectDomain(-50, 5, bounds), [-10, 5], 'a drag past the axis stops at the case');
});

test('fit: the fitted domain is the case; a zoom is carried across edits only while it still means something', () => {
  const fitted = fitDayAxis([0, 280], 800).domain;
  assert.ok(isFitted(fitted, fitted));
  assert.ok(!isFitted([10, 20], fitted));
  close(clampDomain([-40, 0], fitted), [fitted[0], fitted[0] + 40]);
  assert.equal(carryDomain(null, fitted, fitted), null);
  assert.equal(carryDomain(fitted, fitted, [-5, 400]), null, 'a fitted figure follows the case as it grows');
  close(carryDomain([10, 20], fitted, [-5, 400])!, [10, 20], 'a zoom survives an edit');
  assert.equal(carryDomain([10, 20], fitted, [100, 200]), null, 'a zoom the case no longer reaches is dropped');
});

test('a zoomed axis keeps integer ticks, as far apart as the width allows, and day 0 only when shown', () => {
  const axis = dayAxisFor([3.2, 9.7], 600);
  assert.deepEqual(axis.ticks, [4, 5, 6, 7, 8, 9]);
  assert.equal(axis.showZero, false);
  const wide = dayAxisFor([-10, 290], 300);
  assert.ok(wide.ticks.every(Number.isInteger) && wide.ticks.length <= 300 / 48, wide.ticks.join());
  assert.ok(dayAxisFor([-1.5, 0.5], 300).showZero);
  const zoomed = zoomDomain(fitDayAxis([0, 280], 800).domain, 100, 0.05, fitDayAxis([0, 280], 800).domain);
  assert.ok(dayAxisFor(zoomed, 800).ticks.every((t) => Number.isInteger(t) && t >= zoomed[0] && t <= zoomed[1]));
});

/** How far below the view the end of the list may be when the next page is asked for. */
export const nearEndMargin = 600;

/** Where the end of the list and the bottom of the view are, in viewport pixels, as measured now. */
export interface EndMeasurement {
  endTop: number;
  viewBottom: number;
}

/**
 * Whether the grid asks for the next page. The observer's report only says when to look:
 * it is computed at a layout before it is delivered, so it may still describe a shorter
 * list (an empty grid's end is in view). Only a measurement of the list on screen now
 * decides; without it a page that landed could fetch the next one, screenful or not.
 */
export function asksForNextPage(observerSaysNear: boolean, now: EndMeasurement): boolean {
  return observerSaysNear && now.endTop <= now.viewBottom + nearEndMargin;
}

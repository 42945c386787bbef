/** Moves the focus to the page's heading, so keyboard and screen-reader users start at the top of a new view. */
export function focusPageHeading(): void {
  const heading = document.querySelector<HTMLElement>('main h1, .app h1');
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
}

/**
 * index.html draws the search field, so it is on screen and takes typing at the first paint,
 * before this script has arrived and run (issue #13: start → a usable search field). React's
 * first commit replaces that markup; the element is kept here, read when this module is
 * evaluated (before the first render), so what was typed into it and where its caret was carry
 * over to the app's own field.
 */
const drawn = typeof document === 'undefined' ? null : document.querySelector<HTMLInputElement>('#root input[type="search"]');

/** What was typed into the drawn field before the app ran: '' when nothing was. */
export function typedBeforeStart(): string {
  return drawn?.value ?? '';
}

/** Puts the caret (or selection) of the drawn field into the app's field showing the same text. */
export function keepCaretOf(field: HTMLInputElement | null): void {
  if (!drawn?.value || !field || field.value !== drawn.value) return;
  field.setSelectionRange(drawn.selectionStart, drawn.selectionEnd, drawn.selectionDirection ?? undefined);
}

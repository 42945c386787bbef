/**
 * index.html draws the search field, so it is on screen and takes typing at the first paint,
 * before the app's code has arrived and run (issue #13: start → a usable search field). React's
 * first commit replaces that markup; the element is kept here, read when this module is
 * evaluated (before the first render), so what was typed into it and where its caret was carry
 * over to the app's own field.
 */
const drawn = typeof document === 'undefined' ? null : document.querySelector<HTMLInputElement>('#root input[type="search"]');

/** What was typed into the drawn field before the app ran: '' when nothing was. */
export function typedBeforeStart(): string {
  return drawn?.value ?? '';
}

/**
 * Called once the app's field has replaced the drawn one, before the paint (a layout effect):
 * takes what was typed since the first render read it (that render yields to the browser, see
 * boot.tsx), and the caret.
 */
export function takeOverDrawnField(input: HTMLInputElement | null, setText: (text: string) => void): void {
  if (!drawn?.value || !input) return;
  if (input.value !== drawn.value) {
    // The state follows; React then finds the value it would set already there and leaves it,
    // and the caret with it.
    input.value = drawn.value;
    setText(drawn.value);
  }
  input.setSelectionRange(drawn.selectionStart, drawn.selectionEnd, drawn.selectionDirection ?? undefined);
}

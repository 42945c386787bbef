/**
 * index.html draws the search field, so it is on screen and takes typing at the first paint,
 * before the app's code has arrived and run (issue #13: start → a usable search field). Until
 * the app's first search panel replaces it, that field is the search text: the page's entry puts
 * the last search into it (main.tsx), the person may type into it, and the panel starts from
 * what it holds, caret included. The element is kept here after React's commit has removed it.
 */
const drawn = typeof document === 'undefined' ? null : document.querySelector<HTMLInputElement>('#root input[type="search"]');
let takenOver = false;

/** A restart opens on the last search: put into the drawn field unless something was typed there first. */
export function restoreIntoDrawnField(text: string): void {
  if (drawn && drawn.value === '') drawn.value = text;
}

/** The drawn field's text, for the app's first search panel; undefined once that panel took over. */
export function drawnFieldText(): string | undefined {
  return takenOver || !drawn ? undefined : drawn.value;
}

/**
 * Called when the app's first search panel is in the page, before its paint (a layout effect):
 * takes what was typed since its first render read the drawn field (that render yields to the
 * browser, see boot.tsx), and the caret.
 */
export function takeOverDrawnField(input: HTMLInputElement | null, setText: (text: string) => void): void {
  if (takenOver || !drawn || !input) return;
  takenOver = true;
  if (input.value !== drawn.value) {
    // The state follows; React then finds the value it would set already there and leaves it,
    // and the caret with it.
    input.value = drawn.value;
    setText(drawn.value);
  }
  input.setSelectionRange(drawn.selectionStart, drawn.selectionEnd, drawn.selectionDirection ?? undefined);
}

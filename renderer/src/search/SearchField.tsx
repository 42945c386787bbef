import { useId, useState } from 'react';
import type { KeyboardEvent, Ref } from 'react';

interface Props {
  /** The panel's text. The field shows what is typed at once, and follows this when the panel changes it. */
  value: string;
  onChange(value: string): void;
  /** Enter: search `value` (what the field shows) now and remember it. */
  onSubmit(value: string): void;
  /** ArrowDown with nothing to pick: move into the results. */
  onEnterResults(): void;
  recent: readonly string[];
  onClearRecent(): void;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * The one search field. Focused and empty, it offers recent searches below it: arrow keys
 * move through them (the field keeps focus and points at the active one), Enter picks,
 * Escape puts them away. ArrowDown otherwise moves into the results.
 *
 * It holds what it shows itself, so a keystroke renders the field alone: the panel may take
 * the new text with the search's first answer (FederatedSearch.update's quiet start).
 */
export function SearchField({ value, onChange, onSubmit, onEnterResults, recent, onClearRecent, inputRef }: Props) {
  const id = useId();
  const [shown, setShown] = useState(value);
  const [panelValue, setPanelValue] = useState(value);
  if (value !== panelValue) {
    setPanelValue(value);
    setShown(value);
  }
  const change = (next: string) => {
    setShown(next);
    onChange(next);
  };
  const [focusWithin, setFocusWithin] = useState(false);
  // Closed at first: the field is focused when the app opens, and a list popping over the
  // connection chips before anyone asked for it would be in the way.
  const [dismissed, setDismissed] = useState(true);
  const [active, setActive] = useState(-1);
  const open = focusWithin && !dismissed && shown === '' && recent.length > 0;
  const listId = `${id}-recent`;

  const pick = (text: string) => {
    setActive(-1);
    change(text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => Math.max(-1, Math.min(recent.length - 1, current + step)));
      return;
    }
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      onEnterResults();
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = open && active >= 0 ? recent[active] : undefined;
      if (chosen !== undefined) pick(chosen);
      else onSubmit(shown);
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      if (open) {
        setDismissed(true);
        setActive(-1);
      } else if (shown) change('');
    }
  };

  return (
    <div
      className="search-box"
      onFocus={() => setFocusWithin(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) {
          setFocusWithin(false);
          setDismissed(false);
          setActive(-1);
        }
      }}
    >
      <svg className="search-icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" />
        <path d="m13 13 4.5 4.5" />
      </svg>
      <input
        ref={inputRef}
        className="search-field"
        type="search"
        role="searchbox"
        aria-label="Search images"
        aria-describedby={`${id}-hint`}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder="Search by file name — e.g. sunset, logo, hero"
        autoComplete="off"
        spellCheck={false}
        value={shown}
        autoFocus
        onChange={(event) => {
          setActive(-1);
          setDismissed(false);
          change(event.target.value);
        }}
        onKeyDown={onKeyDown}
        onPointerDown={() => setDismissed(false)}
      />
      <span id={`${id}-hint`} className="visually-hidden">
        Matches any part of a file name, not what is in the picture. Press the down arrow to move to the results.
      </span>
      {open && (
        <div className="recent" onMouseDown={(event) => event.preventDefault()}>
          <div className="recent-header">
            <span id={`${listId}-label`}>Recent searches</span>
            <button type="button" className="button-small button-quiet" onClick={onClearRecent}>
              Clear recent searches
            </button>
          </div>
          <ul role="listbox" id={listId} aria-labelledby={`${listId}-label`}>
            {recent.map((item, index) => (
              <li
                key={item}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'recent-item recent-active' : 'recent-item'}
                onClick={() => pick(item)}
                onMouseEnter={() => setActive(index)}
              >
                {item}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

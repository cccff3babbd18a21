import { useState, type ChangeEvent } from 'react';

/** A text field's value and its validation message; the message goes as soon as the user edits the value. */
export function useCheckedText(initial = '') {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  return {
    value,
    /** Shows `message` (when there is one); true when the value passed. */
    check: (message: string | undefined): boolean => {
      setError(message);
      return !message;
    },
    /** Spread onto a TextField. */
    field: {
      value,
      error,
      onChange: (e: ChangeEvent<HTMLInputElement>) => {
        setValue(e.target.value);
        setError(undefined);
      },
    },
  };
}

/** The busy flag and engine failure of a form: `run` marks it busy, clears the last failure, and keeps a thrown error to show. */
import { useCallback, useState } from 'react';

export interface Submit {
  busy: boolean;
  /** The last thrown error, undefined when none. */
  failure: unknown;
  run: (work: () => Promise<void>) => Promise<void>;
}

export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await work();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, failure, run };
}

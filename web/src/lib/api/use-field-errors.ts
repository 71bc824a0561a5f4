import { useState } from 'react';
import { ApiError } from './client';

/**
 * Splits a mutation's failure the way the contract does: VALIDATION_FAILED details go next to
 * their fields (by the API's field path), anything else to one `alert`.
 */
export function useFieldErrors() {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [other, setOther] = useState<unknown>(null);
  return {
    fieldError: (name: string) => fields[name],
    otherError: other,
    reset() {
      setFields({});
      setOther(null);
    },
    capture(error: unknown) {
      const byField = error instanceof ApiError ? error.fieldErrors() : {};
      if (Object.keys(byField).length > 0) {
        setFields(byField);
        setOther(null);
      } else {
        setFields({});
        setOther(error);
      }
    },
  };
}

import { useEffect, useState } from "react";

/**
 * False in the server's HTML and during hydration, true once the page runs in the browser: for
 * controls that only work with JavaScript, and form fields that ask for data instead of a redirect.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

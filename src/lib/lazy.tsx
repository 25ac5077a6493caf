"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";

// Code that only a click or a key brings on screen (dialogs, menus, the command palette)
// is kept out of the page's first JavaScript and fetched when it is first wanted, or
// earlier: when the browser is idle, or when the pointer comes near what opens it.
//
// A Loader is a memoized import(): calling it starts (or joins) the download, and once it
// has arrived `current` holds the result, so a part that was preloaded renders in the same
// pass as the key press that asked for it, with no frame in between.

export type Loader<T> = {
  (): Promise<T>;
  current: T | null;
};

export function loader<T>(load: () => Promise<T>): Loader<T> {
  let promise: Promise<T> | null = null;
  const fn = (() =>
    (promise ??= load().then(
      (value) => (fn.current = value),
      (error: unknown) => {
        // A failed download (offline for a moment, a new deployment) is tried again next time.
        promise = null;
        throw error;
      },
    ))) as Loader<T>;
  fn.current = null;
  return fn;
}

/**
 * The loaded value once `wanted` has been true (and stays so), else null. A failed load
 * calls onError (after a toast), so the caller can put its "open" state back.
 */
export function useLoaded<T>(load: Loader<T>, wanted: boolean, onError?: () => void): T | null {
  const [value, setValue] = useState<{ v: T } | null>(null);
  const current = value?.v ?? load.current;
  useEffect(() => {
    if (!wanted || current) return;
    let live = true;
    load().then(
      (v) => {
        if (live) setValue({ v });
      },
      () => {
        if (!live) return;
        toast.error("That part of Aiva couldn't be loaded. Check the connection and try again.");
        onError?.();
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onError is read when it fails
  }, [wanted, current, load]);
  return wanted ? current : null;
}

/** Runs fn once the browser has nothing better to do (after hydration and the first paint). */
export function whenIdle(fn: () => void, timeout = 3000): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const id = window.requestIdleCallback(fn, { timeout });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(fn, 300);
  return () => window.clearTimeout(id);
}

/** Preloads the loaders when the browser is idle, once per mount. */
export function usePreloadWhenIdle(...loaders: Loader<unknown>[]) {
  useEffect(
    () =>
      whenIdle(() => {
        for (const load of loaders) load().catch(() => {});
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- module-level loaders
    [],
  );
}

/**
 * Stands in for a dialog asked for by a key while its code is still on its way. It is
 * invisible, but matches the selector the single-key shortcuts use to stay quiet while a
 * dialog is open, so keys typed meanwhile don't archive or star a message.
 */
export function PendingDialog() {
  return <span hidden role="dialog" data-state="open" data-pending="" aria-label="Loading" />;
}

/**
 * A menu whose code comes on first use: until it has loaded, render a look-alike trigger
 * with `triggerProps` (preloads when the pointer or focus reaches it; a click or ArrowDown
 * asks for it). Once loaded, `Loaded` is the real menu, rendered in the trigger's place.
 */
export function useMenuOnFirstUse<T>(load: Loader<T>) {
  const [wanted, setWanted] = useState(false);
  const Loaded = useLoaded(load, wanted, () => setWanted(false));
  const preload = () => void load().catch(() => {});
  const triggerProps = {
    "aria-haspopup": "menu" as const,
    "aria-expanded": false,
    "data-state": "closed",
    onPointerEnter: preload,
    onFocus: preload,
    onClick: () => setWanted(true),
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setWanted(true);
      }
    },
  };
  return { Loaded, triggerProps };
}

"use client";

import { ImageOff } from "lucide-react";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { emailDocument, hasRemoteImages } from "@/lib/email-document";

// An email's HTML is shown only inside a sandboxed frame: no scripts, no forms, links open
// in a new tab (popups may leave the sandbox so the opened page works normally). The HTML
// was sanitized at ingest; the sandbox and the CSP below are the second wall. The CSP
// allows inline styles and embedded images; remote images (tracking pixels among them)
// load only once the person allows them for this message or always for its sender.
//
// The frame has allow-same-origin so the page can measure its content for auto-height.
// That is safe only because allow-scripts is absent (and the CSP forbids scripts too):
// the dangerous pair is allow-scripts + allow-same-origin. One frame, so remote images
// load once.

// Senders whose images always load, remembered on this device.
const SENDERS_KEY = "aiva.images.trustedSenders";
const listeners = new Set<() => void>();
function trustedSenders(): string[] {
  try {
    return JSON.parse(localStorage.getItem(SENDERS_KEY) ?? "[]") as string[];
  } catch {
    return [];
  }
}
function trustSender(email: string) {
  const next = [...new Set([...trustedSenders(), email.toLowerCase()])];
  localStorage.setItem(SENDERS_KEY, JSON.stringify(next));
  listeners.forEach((l) => l());
}
function useTrustedSender(email: string | null): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => Boolean(email && trustedSenders().includes(email.toLowerCase())),
    () => false,
  );
}

const MIN_HEIGHT = 48;

export function EmailFrame({ html, title, senderEmail }: { html: string; title: string; senderEmail: string | null }) {
  const remote = useMemo(() => hasRemoteImages(html), [html]);
  const trusted = useTrustedSender(senderEmail);
  const [allowedHere, setAllowedHere] = useState(false);
  const showImages = remote && (allowedHere || trusted);
  const srcDoc = useMemo(() => emailDocument(html, showImages), [html, showImages]);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);

  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const measure = () => {
      const doc = frame.contentDocument;
      if (!doc?.documentElement) return;
      const h = Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0);
      if (h > 0) setHeight(Math.max(MIN_HEIGHT, Math.ceil(h)));
    };
    frame.addEventListener("load", measure);
    // Text reflows when the width changes (window resize, sidebar, phone rotation).
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    // Images arriving after the first layout grow the content.
    const late = [300, 1000, 2500].map((ms) => setTimeout(measure, ms));
    measure();
    return () => {
      frame.removeEventListener("load", measure);
      observer.disconnect();
      late.forEach(clearTimeout);
    };
  }, [srcDoc]);

  return (
    <div className="grid gap-2">
      {remote && !showImages ? (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border bg-muted/40 px-3 py-1.5 text-[13px] text-muted-foreground">
          <ImageOff className="size-3.5 shrink-0" aria-hidden />
          <span className="mr-auto">Images are hidden so the sender can&apos;t tell you opened this.</span>
          <Button type="button" size="sm" variant="ghost" className="h-7 px-2" onClick={() => setAllowedHere(true)}>
            Show images
          </Button>
          {senderEmail ? (
            <Button
              type="button"
              size="sm"
              variant="ghost"
              className="h-7 px-2"
              title={`Always show images from ${senderEmail} on this device`}
              onClick={() => trustSender(senderEmail)}
            >
              Always for this sender
            </Button>
          ) : null}
        </div>
      ) : null}
      <div className="overflow-hidden rounded-md border bg-white">
        <iframe
          ref={frameRef}
          title={title}
          srcDoc={srcDoc}
          sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          className="block w-full border-0 bg-white"
          style={{ height: height ?? 160 }}
        />
      </div>
    </div>
  );
}

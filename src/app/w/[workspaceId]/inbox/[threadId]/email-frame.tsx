"use client";

import { useEffect, useMemo, useRef, useState } from "react";

// An email's HTML is shown only inside a sandboxed frame: no scripts, no forms, links open
// in a new tab (popups may leave the sandbox so the opened page works normally). The HTML
// was sanitized at ingest; the sandbox and the CSP below are the second wall. The CSP
// allows images (remote ones included, for now) and inline styles, nothing else.
//
// The frame has allow-same-origin so the page can measure its content for auto-height.
// That is safe only because allow-scripts is absent (and the CSP forbids scripts too):
// the dangerous pair is allow-scripts + allow-same-origin. One frame, so remote images
// load once.

const CSP = "default-src 'none'; img-src cid: data: https: http:; style-src 'unsafe-inline'; font-src data:";

const BASE_CSS = `
:root { color-scheme: light; }
html, body { margin: 0; padding: 0; background: #ffffff; }
body {
  padding: 16px 18px;
  font: 14px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #18181b;
  overflow-wrap: break-word;
  overflow-x: auto;
}
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; }
a { color: #2563eb; }
blockquote { margin: 0 0 0 0.8ex; padding-left: 1ex; border-left: 2px solid #d4d4d8; color: #52525b; }
`;

export function emailDocument(html: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<base target="_blank">` +
    `<style>${BASE_CSS}</style></head><body>${html}</body></html>`
  );
}

const MIN_HEIGHT = 48;

export function EmailFrame({ html, title }: { html: string; title: string }) {
  const srcDoc = useMemo(() => emailDocument(html), [html]);
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
  );
}

// The document an email's HTML is shown in (inside the reader's sandboxed frame): a
// Content-Security-Policy that allows inline styles and embedded images, and remote images
// only when the person allowed them.

const csp = (remoteImages: boolean) =>
  `default-src 'none'; img-src cid: data:${remoteImages ? " https: http:" : ""}; style-src 'unsafe-inline'; font-src data:`;

/** Whether the HTML asks for anything from the network (an <img src>, or a CSS url()). */
export function hasRemoteImages(html: string): boolean {
  return /<img\b[^>]*\ssrc\s*=\s*["']?\s*(?:https?:)?\/\//i.test(html) || /url\(\s*["']?\s*(?:https?:)?\/\//i.test(html);
}

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

export function emailDocument(html: string, remoteImages = false): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp(remoteImages)}">` +
    `<base target="_blank">` +
    `<style>${BASE_CSS}</style></head><body>${html}</body></html>`
  );
}


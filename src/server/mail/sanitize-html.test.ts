import { describe, expect, test } from "vitest";
import { sanitizeEmailHtml } from "./sanitize-html";

/** Every attribute in the output, as [tag, name, value]. */
function attributes(html: string): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (const tag of html.matchAll(/<([a-z0-9]+)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/gi)) {
    for (const attr of tag[2]!.matchAll(/([^\s=>/]+)(?:="([^"]*)")?/g)) {
      out.push([tag[1]!.toLowerCase(), attr[1]!.toLowerCase(), attr[2] ?? ""]);
    }
  }
  return out;
}

/** Properties an output must have whatever the input was. */
function expectSafe(html: string): void {
  expect(html).not.toMatch(/<\s*(script|style|iframe|frame|object|embed|applet|form|input|button|meta|base|link|svg|math|textarea)\b/i);
  expect(html).not.toMatch(/javascript:|vbscript:|expression\s*\(|url\s*\(/i);
  for (const [tag, name, value] of attributes(html)) {
    expect(name, `${tag} ${name}`).not.toMatch(/^on/);
    expect(["srcset", "background", "action", "formaction", "xlink:href", "class", "id"]).not.toContain(name);
    if (name === "href") expect(value).toMatch(/^(https?:\/\/|mailto:|tel:)/i);
    if (name === "src") expect(value).toMatch(/^(https?:\/\/|cid:|data:image\/(png|jpe?g|gif|webp|bmp|avif|x-icon|vnd\.microsoft\.icon);base64,)/i);
  }
}

// OWASP XSS filter evasion cheat sheet classics, plus mutation XSS and email specifics.
const VECTORS: Array<[string, string]> = [
  ["img onerror", `<img src=x onerror=alert(1)>`],
  ["IMG javascript src", `<IMG SRC="javascript:alert('XSS');">`],
  ["img no quotes / grave accents", "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>"],
  ["img entity-encoded scheme", `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`],
  ["img embedded tab", `<IMG SRC="jav	ascript:alert('XSS');">`],
  ["img embedded newline entity", `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`],
  ["svg onload", `<svg onload=alert(1)><circle r="1"/></svg>`],
  ["svg/onload no space", `<svg/onload=alert('XSS')>`],
  ["a javascript href", `<a href="javascript:alert(1)">click</a>`],
  ["a mixed-case, spaced javascript href", `<a href="  JaVaScRiPt:alert(1)">click</a>`],
  ["a tab-obfuscated javascript href", `<a href="jav&#x09;ascript:alert(1)">click</a>`],
  ["a vbscript href", `<a href="vbscript:msgbox(1)">click</a>`],
  ["a data:text/html href", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>`],
  ["style tag with expression and url(javascript:)", `<style>body{background:url("javascript:alert(1)")} p{width:expression(alert(1))} @import 'https://evil.example/x.css';</style>`],
  ["inline style url(javascript:)", `<div style="background-image: url(javascript:alert(1))">x</div>`],
  ["inline style expression()", `<div style="width: expression(alert('XSS'));">x</div>`],
  ["inline style escaped url", `<div style="background:\\75rl(javascript:alert(1))">x</div>`],
  ["inline style -moz-binding / behavior", `<div style="-moz-binding:url(http://evil/xss.xml#xss);behavior:url(x.htc)">x</div>`],
  ["meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`],
  ["meta refresh data url", `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`],
  ["base href", `<base href="javascript:alert('XSS');//"><a href="/x">x</a>`],
  ["form action", `<form action="https://evil.example/steal" method="post"><input name="password" type="password"><button formaction="javascript:alert(1)">Log in</button></form>`],
  ["iframe", `<iframe src="https://evil.example/"></iframe>`],
  ["iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`],
  ["object/embed", `<object data="x.swf"></object><embed src="data:image/svg+xml;base64,PHN2Zz4=">`],
  ["script", `<script>alert(1)</script><SCRIPT SRC=https://evil.example/xss.js></SCRIPT>`],
  ["body onload", `<body onload=alert('XSS')>text</body>`],
  ["details ontoggle", `<details open ontoggle=alert(1)>x</details>`],
  ["input autofocus onfocus", `<input autofocus onfocus=alert(1)>`],
  ["table background", `<TABLE BACKGROUND="javascript:alert('XSS')"><TD BACKGROUND="javascript:alert('XSS')">x</TD></TABLE>`],
  ["link stylesheet", `<link rel="stylesheet" href="javascript:alert('XSS');">`],
  ["noscript mXSS", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`],
  ["math/style mXSS", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`],
  ["conditional comment", `<!--[if mso]><img src=x onerror=alert(1)><![endif]-->`],
  ["img srcset", `<img src="https://example.com/a.png" srcset="javascript:alert(1) 1x">`],
  ["img data:image/svg+xml", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`],
  ["area/map", `<map name="m"><area shape="rect" href="javascript:alert(1)"></map>`],
  ["unclosed attribute trick", `<a href="https://ok.example/" title="x" onmouseover="alert(1)">y</a>`],
  ["class/id clobbering", `<div class="fixed inset-0 z-50" id="__next">overlay</div>`],
  ["xlink", `<a xlink:href="javascript:alert(1)">x</a>`],
];

describe("sanitizeEmailHtml: XSS vectors are neutralized", () => {
  test.each(VECTORS)("%s", (_name, vector) => {
    const out = sanitizeEmailHtml(vector);
    expectSafe(out);
    expect(out).not.toMatch(/alert\s*\(/);
  });
});

describe("sanitizeEmailHtml: email formatting survives", () => {
  test("tables, fonts and presentational attributes", () => {
    const out = sanitizeEmailHtml(
      '<center><table width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" align="center"><tr><td valign="top" align="left" colspan="2"><font face="Arial" color="#333" size="2"><b>Hi</b> <i>there</i></font></td></tr></table></center>',
    );
    expect(out).toBe(
      '<center><table width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" align="center"><tr><td valign="top" align="left" colspan="2"><font face="Arial" color="#333" size="2"><b>Hi</b> <i>there</i></font></td></tr></table></center>',
    );
  });

  test("inline style keeps safe properties only", () => {
    const out = sanitizeEmailHtml(
      `<p style="color: rgb(1,2,3); background-color:#ABCDEF; font-family:'Helvetica Neue', Arial, sans-serif; FONT-SIZE: 14px; text-align:center; width:100%; max-width:600px; padding:10px 5px; margin:0 auto; border:1px solid #ccc; border-radius:4px; position:fixed; top:0; z-index:9999; background:url(https://tracker.example/p.gif); content:'x'">s</p>`,
    );
    expect(out).toBe(
      `<p style="color:rgb(1,2,3);background-color:#ABCDEF;font-family:'Helvetica Neue', Arial, sans-serif;font-size:14px;text-align:center;width:100%;max-width:600px;padding:10px 5px;margin:0 auto;border:1px solid #ccc;border-radius:4px">s</p>`,
    );
  });

  test("every link opens in a new tab without opener or referrer", () => {
    const out = sanitizeEmailHtml(
      '<a href="https://example.com/a" target="_self" rel="opener">a</a><a href="mailto:x@example.com">m</a><a href="tel:+15551234">t</a>',
    );
    expect(out).toBe(
      '<a href="https://example.com/a" target="_blank" rel="noopener noreferrer nofollow">a</a>' +
        '<a href="mailto:x@example.com" target="_blank" rel="noopener noreferrer nofollow">m</a>' +
        '<a href="tel:+15551234" target="_blank" rel="noopener noreferrer nofollow">t</a>',
    );
  });

  test("relative and protocol-relative links lose their href", () => {
    const out = sanitizeEmailHtml('<a href="/settings/delete">a</a><a href="#top">b</a><a href="//evil.example/x">c</a>');
    expect(out).toBe(
      '<a target="_blank" rel="noopener noreferrer nofollow">a</a><a target="_blank" rel="noopener noreferrer nofollow">b</a><a target="_blank" rel="noopener noreferrer nofollow">c</a>',
    );
  });

  test("images: http(s), cid and raster data: kept; relative and other schemes dropped", () => {
    expect(sanitizeEmailHtml('<img src="https://example.com/logo.png" alt="Logo" width="100">')).toBe(
      '<img src="https://example.com/logo.png" alt="Logo" width="100" />',
    );
    expect(sanitizeEmailHtml('<img src="http://example.com/a.gif">')).toBe('<img src="http://example.com/a.gif" />');
    expect(sanitizeEmailHtml('<img src="cid:part1.abc@example.com">')).toBe('<img src="cid:part1.abc@example.com" />');
    expect(sanitizeEmailHtml('<img src="data:image/png;base64,iVBORw0KGgo=">')).toBe('<img src="data:image/png;base64,iVBORw0KGgo=" />');
    expect(sanitizeEmailHtml('<img src="/local.png"><img src="file:///etc/passwd"><img src="data:text/html,x">')).toBe("");
  });

  test("head content is dropped, an unclosed head does not swallow the body", () => {
    expect(sanitizeEmailHtml("<html><head><title>Subject</title><style>p{}</style></head><body><p>Body</p></body></html>")).toBe("<p>Body</p>");
    expect(sanitizeEmailHtml("<html><head><title>T</title><p>Still here</p>")).toBe("<p>Still here</p>");
  });

  test("hostile style values do not backtrack (ReDoS)", () => {
    const digits = "1".repeat(5000);
    const started = performance.now();
    const out = sanitizeEmailHtml(
      `<p style="padding:${digits} ${digits} ${digits} ${digits}x;border:${digits}${digits} solid${"1".repeat(3000)}x;border-radius:${digits}/${digits}x;font-family:${"a ".repeat(5000)}(">x</p>`,
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(out).toBe("<p>x</p>");
  });

  test("empty input", () => {
    expect(sanitizeEmailHtml("")).toBe("");
  });
});

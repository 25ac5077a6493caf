// Turns the HTML of an email into HTML that is safe to render inside Aiva.
//
// Allow-list based (sanitize-html): formatting, table and image tags survive, everything
// active (scripts, frames, forms, objects, SVG/MathML, <style>, <meta>, <base>, <link>) is
// dropped, event handler attributes never pass, inline `style` keeps only a small set of
// presentational properties whose values are checked, links always open in a new tab
// without an opener or referrer, and URLs are restricted to absolute http(s)/mailto/tel
// links and http(s)/cid/data:image images.
//
// Renderers should still put the result in a sandboxed iframe (no scripts, no same-origin):
// sanitizing is the first line of defence, not the only one. Remote images are kept as
// they are for now; a remote-content toggle can rewrite or drop them later.

import sanitizeHtml from "sanitize-html";

const ALLOWED_TAGS = [
  // structure and text
  "address", "article", "aside", "footer", "header", "main", "nav", "section",
  "h1", "h2", "h3", "h4", "h5", "h6", "hgroup",
  "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "hr", "li", "menu", "ol",
  "p", "pre", "ul", "center",
  // inline
  "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "del", "dfn", "em",
  "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
  "sub", "sup", "time", "tt", "u", "var", "wbr",
  // tables (email layout is mostly tables)
  "caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
  // images
  "img",
];

/**
 * Dropped together with everything inside, not just unwrapped. Only tags that are closed in
 * practice: an unclosed one would swallow the rest of the message (so not `head`).
 */
const NON_TEXT_TAGS = [
  "script", "style", "textarea", "option", "xmp", "noscript", "title", "template",
  "noembed", "noframes", "iframe", "object", "applet", "svg", "math", "plaintext",
];

const CELL_ATTRS = ["align", "valign", "bgcolor", "width", "height", "colspan", "rowspan", "nowrap", "scope", "abbr", "headers"];

const ALLOWED_ATTRIBUTES: sanitizeHtml.IOptions["allowedAttributes"] = {
  "*": ["style", "dir", "lang", "title", "align"],
  a: ["href", "name", "target", "rel"],
  img: ["src", "alt", "width", "height", "border", "vspace", "hspace"],
  table: ["width", "height", "border", "cellpadding", "cellspacing", "bgcolor", "summary", "role", "frame", "rules"],
  td: CELL_ATTRS,
  th: CELL_ATTRS,
  tr: ["valign", "bgcolor", "height"],
  thead: ["valign"],
  tbody: ["valign"],
  tfoot: ["valign"],
  col: ["span", "width", "valign"],
  colgroup: ["span", "width", "valign"],
  font: ["color", "face", "size"],
  ol: ["start", "type", "reversed"],
  ul: ["type"],
  li: ["value", "type"],
  hr: ["width", "size", "noshade", "color"],
  time: ["datetime"],
  data: ["value"],
  bdo: ["dir"],
};

// ---- inline style ------------------------------------------------------------------------
// Values are checked with anchored allow-list regexes. None of the accepted character
// classes contains ':' or '\', so `javascript:` and CSS escapes cannot get through, and
// `url(`, `expression(`, `var(`... never match.

// Unambiguous on purpose (no `\d+\.?\d*`): attacker-controlled style values must not make
// these regexes backtrack polynomially.
const NUMBER = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)`;
const UNIT = String.raw`(?:px|pt|pc|em|rem|ex|ch|%|cm|mm|in|vw|vh|vmin|vmax)`;
const LENGTH = String.raw`(?:${NUMBER}${UNIT}?|auto|inherit|initial|unset)`;
const COLOR_FN = String.raw`(?:rgba?|hsla?)\(\s*[\d.%\s,/deg+-]+\)`;
const COLOR = String.raw`(?:#[0-9a-f]{3,8}|[a-z]{3,30}|${COLOR_FN})`;

/** Anchored, case-insensitive, and never tried on values over 300 characters. */
const re = (source: string): RegExp => new RegExp(`^(?=[\\s\\S]{0,300}$)(?:${source})$`, "i");
const lengths = re(String.raw`${LENGTH}(?:\s+${LENGTH}){0,3}`);
const oneLength = re(LENGTH);
const color = re(COLOR);
const BORDER_TOKEN = String.raw`(?:${LENGTH}|${COLOR}|none|hidden|dotted|dashed|solid|double|groove|ridge|inset|outset|thin|medium|thick)`;
const borderValue = re(String.raw`${BORDER_TOKEN}(?:\s+${BORDER_TOKEN}){0,4}`);
const keyword = (...words: string[]): RegExp => re(words.join("|"));
const fontFamily = /^[\w\s,'"-]{1,200}$/;
const fontShorthand = /^[\w\s,'"./%-]{1,200}$/;
const textDecoration = /^[a-z\s-]{1,60}$/i;

const styleRules: Record<string, RegExp[]> = {
  color: [color],
  "background-color": [color],
  "font-family": [fontFamily],
  "font-size": [oneLength, keyword("xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "smaller", "larger")],
  "font-weight": [keyword("normal", "bold", "bolder", "lighter", "\\d{3}")],
  "font-style": [keyword("normal", "italic", "oblique")],
  "font-variant": [keyword("normal", "small-caps")],
  font: [fontShorthand],
  "text-align": [keyword("left", "right", "center", "justify", "start", "end", "inherit")],
  "text-decoration": [textDecoration],
  "text-transform": [keyword("none", "uppercase", "lowercase", "capitalize")],
  "text-indent": [oneLength],
  "line-height": [oneLength, keyword("normal")],
  "letter-spacing": [oneLength, keyword("normal")],
  "word-spacing": [oneLength, keyword("normal")],
  "vertical-align": [oneLength, keyword("baseline", "top", "middle", "bottom", "text-top", "text-bottom", "sub", "super")],
  "white-space": [keyword("normal", "nowrap", "pre", "pre-wrap", "pre-line", "break-spaces")],
  "word-break": [keyword("normal", "break-all", "keep-all", "break-word")],
  "overflow-wrap": [keyword("normal", "break-word", "anywhere")],
  "word-wrap": [keyword("normal", "break-word")],
  direction: [keyword("ltr", "rtl")],
  display: [keyword("none", "block", "inline", "inline-block", "table", "table-row", "table-cell", "list-item")],
  width: [oneLength],
  "min-width": [oneLength],
  "max-width": [oneLength, keyword("none")],
  height: [oneLength],
  "min-height": [oneLength],
  "max-height": [oneLength, keyword("none")],
  padding: [lengths],
  "padding-top": [oneLength],
  "padding-right": [oneLength],
  "padding-bottom": [oneLength],
  "padding-left": [oneLength],
  margin: [lengths],
  "margin-top": [oneLength],
  "margin-right": [oneLength],
  "margin-bottom": [oneLength],
  "margin-left": [oneLength],
  border: [borderValue],
  "border-top": [borderValue],
  "border-right": [borderValue],
  "border-bottom": [borderValue],
  "border-left": [borderValue],
  "border-color": [re(String.raw`${COLOR}(?:\s+${COLOR}){0,3}`)],
  "border-style": [borderValue],
  "border-width": [lengths],
  "border-radius": [re(String.raw`${LENGTH}(?:(?:\s+|\s*/\s*)${LENGTH}){0,7}`)],
  "border-collapse": [keyword("collapse", "separate")],
  "border-spacing": [lengths],
  "list-style-type": [keyword("[a-z-]{1,30}")],
  "table-layout": [keyword("auto", "fixed")],
};

// Every value regex is anchored and built from narrow character classes; the only
// function syntax any of them accepts is rgb()/rgba()/hsl()/hsla() with numeric arguments.
const ALLOWED_STYLES: Record<string, RegExp[]> = styleRules;

// ---- URLs --------------------------------------------------------------------------------

const LINK_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:"]);
const IMAGE_SCHEMES = new Set(["http:", "https:", "cid:"]);
// data: images: raster types only (an SVG in <img> cannot run script, but there is no need
// to allow it either), base64 payload only.
const DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|bmp|avif|x-icon|vnd\.microsoft\.icon);base64,[a-z0-9+/=\s]+$/i;

/** Characters a browser strips or ignores inside a URL scheme (tabs, newlines, controls). */
// eslint-disable-next-line no-control-regex
const URL_NOISE = /[\u0000-\u0020\u007f-\u009f]+/g;

function schemeOf(value: string): string | null {
  const compact = value.replace(URL_NOISE, "");
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return match ? `${match[1]!.toLowerCase()}:` : null;
}

/** Absolute link with an allowed scheme, or null. Relative links are meaningless in mail. */
function safeHref(value: string | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const scheme = schemeOf(trimmed);
  if (!scheme || !LINK_SCHEMES.has(scheme)) return null;
  if ((scheme === "http:" || scheme === "https:") && !/^https?:\/\/[^\s/]/i.test(trimmed)) return null;
  return trimmed;
}

function safeImageSrc(value: string | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const scheme = schemeOf(trimmed);
  if (!scheme) return null;
  if (scheme === "data:") return DATA_IMAGE.test(trimmed) ? trimmed.replace(/\s+/g, "") : null;
  if (!IMAGE_SCHEMES.has(scheme)) return null;
  if ((scheme === "http:" || scheme === "https:") && !/^https?:\/\/[^\s/]/i.test(trimmed)) return null;
  return trimmed;
}

/** Lowercases CSS property names so `COLOR: red` (old Outlook) matches the allow-list. */
function lowercaseStyleProperties(style: string): string {
  return style.replace(/(^|;)(\s*)([A-Za-z-]+)(\s*):/g, (_m, sep: string, ws: string, prop: string, ws2: string) => `${sep}${ws}${prop.toLowerCase()}${ws2}:`);
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedStyles: { "*": ALLOWED_STYLES },
  parseStyleAttributes: true,
  allowedClasses: {},
  nonTextTags: NON_TEXT_TAGS,
  disallowedTagsMode: "discard",
  // Belt and braces: the transforms below already enforce absolute, allowed URLs.
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https", "cid", "data"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite", "action", "background", "poster", "srcset"],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  nestingLimit: 200,
  transformTags: {
    "*": (tagName, attribs) => {
      if (attribs.style) {
        const next = { ...attribs, style: lowercaseStyleProperties(attribs.style) };
        return { tagName, attribs: next };
      }
      return { tagName, attribs };
    },
    a: (tagName, attribs) => {
      const next: sanitizeHtml.Attributes = { ...attribs };
      const href = safeHref(attribs.href);
      if (href) next.href = href;
      else delete next.href;
      next.target = "_blank";
      next.rel = "noopener noreferrer nofollow";
      return { tagName, attribs: next };
    },
    img: (tagName, attribs) => {
      const next: sanitizeHtml.Attributes = { ...attribs };
      const src = safeImageSrc(attribs.src);
      if (src) next.src = src;
      else delete next.src;
      return { tagName, attribs: next };
    },
  },
  // An <img> left without a usable src is noise; drop it.
  exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
};

/**
 * Sanitizes an email's HTML for rendering. Never throws: on an internal failure the text
 * content is returned escaped.
 */
export function sanitizeEmailHtml(html: string): string {
  if (!html) return "";
  try {
    return sanitizeHtml(html, OPTIONS);
  } catch {
    return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: NON_TEXT_TAGS });
  }
}

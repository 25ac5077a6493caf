// What a message is about, from its words: sign-in codes, security alerts, receipts and
// bills, social-network notices, newsletters and promotions, and the vocabulary of work
// and private life. Shared by the pre-filter and the local engine.

export const SIGN_IN_CODE =
  /\b(?:verification|security|confirmation|login|log-in|sign[- ]?in|one[- ]time|2fa|two[- ]factor|authentication|access|otp|passcode|activation) (?:code|pin|number)\b|\b(?:your|the) (?:code|pin|otp|passcode) (?:is|:)|\b\d{4,8}\b (?:is your|es tu|est votre|ist ihr)\b|\benter (?:this|the following) code\b/i;

export const SECURITY_ALERT =
  /\b(?:new sign[- ]?in|sign[- ]?in attempt|unusual (?:sign[- ]?in|activity|login)|suspicious (?:activity|login|sign[- ]?in)|password (?:was |has been )?(?:changed|reset|updated)|reset your password|password reset|security (?:alert|notice|notification)|new device|(?:login|sign[- ]?in) from (?:a )?new|(?:2|two)-step verification|account (?:was |has been )?(?:accessed|locked|compromised|suspended)|confirm (?:it was|this was) you|was this you|recovery (?:email|phone) (?:changed|added))\b/i;

export const RECEIPT =
  /\b(?:receipt|your order|order (?:confirmation|confirmed|#|number|no\.?)|invoice|payment (?:received|confirmation|confirmed|successful|processed|of \$)|thank you for your (?:order|purchase|payment)|amount (?:paid|charged)|total (?:charged|paid)|(?:billing|account) statement|statement is (?:ready|available)|subscription (?:renewed|receipt|confirmation)|has shipped|shipping confirmation|delivery (?:confirmation|update)|tracking number|refund (?:issued|processed)|purchase confirmation)\b/i;

export const BILL_DUE = /\b(?:payment (?:is )?due|amount due|due date|balance due|bill is (?:ready|due|available)|minimum payment|pay (?:your|the) (?:bill|balance|invoice))\b/i;

export const SOCIAL =
  /\b(?:friend request|wants to connect|invitation to connect|invited you to connect|followed you|started following|new followers?|tagged you|mentioned you|commented on your|liked your|reacted to your|endorsed you|people you may know|added you (?:as a friend|to)|sent you a message on|birthday (?:is )?today|shared a (?:post|photo))\b/i;
export const SOCIAL_DOMAIN = /@(?:[\w-]+\.)*(?:facebook(?:mail)?|linkedin|twitter|x|instagram|tiktok|pinterest|meetup|nextdoor|reddit|tumblr|quora|strava|discord|snapchat)\.com$/i;

const NEWSLETTER_CUES = [
  /\bnewsletter\b/i,
  /\bin this (?:issue|edition)\b/i,
  /\b(?:daily|weekly|monthly) (?:digest|dispatch|update|report|news|edition|brief(?:ing)?)\b/i,
  /\btop (?:stories|headlines|news)\b|\bheadlines\b/i,
  /\bread (?:more|the full (?:story|article))\b/i,
  /\bview (?:this|it|the) (?:e-?mail |newsletter )?(?:in|on) (?:your|a|the) (?:browser|web)\b/i,
  /\b(?:issue|vol(?:ume)?\.?) ?#?\d+\b/i,
  /\b(?:you(?:'re| are) receiving this|you (?:subscribed|signed up)|subscription preferences|manage (?:your )?(?:subscription|preferences|e-?mail settings)|unsubscribe)\b/i,
  /\b(?:stories for|this week(?:'s)? (?:news|stories|tips|picks))\b/i,
];

/** How much a message reads like a newsletter or digest (count of distinct cues). */
export function newsletterCues(text: string): number {
  const sample = text.slice(0, 8000);
  return NEWSLETTER_CUES.filter((cue) => cue.test(sample)).length;
}

const MARKETING_CUES = [
  /\b\d{1,2}% off\b|\bsave (?:up to |an extra )?(?:\$\d+|\d{1,2}%)/i,
  /\b(?:sale|clearance|discount|coupon|promo(?:tion(?:al)?)? code|free shipping|new arrivals|limited[- ]time|special (?:offer|price|deal)|exclusive (?:offer|deal|savings))\b/i,
  /\b(?:shop|buy|order|book|subscribe|upgrade|get yours|try it) (?:now|today)\b/i,
  /\b(?:deals?|offers?|savings|bargains?)\b/i,
  /\b(?:our (?:new|latest) (?:products?|collection|store|app)|introduc(?:e|ing) our)\b/i,
];

export function marketingCues(text: string): number {
  const sample = text.slice(0, 8000);
  return MARKETING_CUES.filter((cue) => cue.test(sample)).length;
}

export const NOTIFICATION =
  /\b(?:notification|automated (?:message|notice|e-?mail)|this is an automated|do not reply|no-?reply|has been (?:updated|created|assigned|approved|submitted|completed|scheduled|cancell?ed|processed)|status (?:update|changed)|your (?:request|ticket|report|application|case) (?:#\s?\w+ )?(?:has|is|was)|ticket #?\s?\d+|pull request|merge request|build (?:failed|passed|succeeded)|ready for (?:your )?(?:approval|review)|was shared with you|shared (?:a (?:file|document|folder)|with you)|reminder:|delivery status notification|undeliverable|returned mail|out of (?:the )?office|auto(?:matic)? ?reply)\b/i;

export const FINANCE =
  /\b(?:invoice|receipt|payment|paid|wire transfer|bank (?:statement|account|transfer)|account (?:statement|balance)|tax (?:return|form|document)|payroll|purchase order|reimburse(?:ment)?|expense report|billing|refund|credit card (?:statement|payment)|remittance)\b/i;

export const SALES_LEAD =
  /\b(?:interested in (?:your (?:product|service|platform|solution|company)|buying|purchasing|a demo|learning more about your)|request(?:ing)? (?:a )?(?:quote|demo|pricing|proposal)|pricing (?:for|information|details)|how much (?:does|do|would|is) (?:it|you|your|the)\b.*\b(?:cost|charge|price)|would like to (?:buy|purchase|order|license)|looking for a (?:vendor|supplier|provider|partner|solution)|request for (?:proposal|quotation)|\brfp\b|bulk order|wholesale inquiry)\b/i;

export const CUSTOMER =
  /\b(?:my order|my account|my subscription|my invoice|cancel my|not working|doesn'?t work|stopped working|is broken|complaint|support ticket|i (?:purchased|bought|ordered|paid for)|(?:still )?haven'?t received|wrong item|charged twice|money back)\b/i;

const PERSONAL_WORDS =
  /\b(?:birthday|family|kids?|wife|husband|mom|dad|mother|father|sister|brother|son|daughter|wedding|vacation|holiday|weekend|party|love|miss you|congrat\w*|baby|church|golf|beer|wine|friends?|house|home|dinner|hugs?|xoxo|honey|sweetie|grandma|grandpa|dog|cat|movie|game|trip|christmas|thanksgiving)\b/gi;
const WORK_WORDS =
  /\b(?:project|deal|contract|client|customer|report|draft|document|presentation|budget|regulatory|legal|policy|committee|proposal|agreement|memo|company|office|business|market|pricing|trading|management|board|quarter|revenue|forecast|strategy|deadline|deliverable|invoice|team|staff|hiring|candidate|interview|resume|conference|filing|comments|review|analysis|data|spreadsheet|attached|meeting|schedule)\b/gi;

/** Private life versus work, by vocabulary. */
export function personalLean(text: string): { personal: number; work: number } {
  const sample = text.slice(0, 6000);
  return { personal: sample.match(PERSONAL_WORDS)?.length ?? 0, work: sample.match(WORK_WORDS)?.length ?? 0 };
}

export const FREEMAIL_DOMAIN = /@(?:gmail|googlemail|hotmail|outlook|live|yahoo|aol|msn|icloud|me|mac|gmx|web|proton(?:mail)?|mail|yandex|zoho|comcast|verizon|att|sbcglobal|earthlink|bellsouth)\.[a-z.]+$/i;

// The sample mail of the demo workspace: written for Aiva, addressed to the person trying
// it, dated relative to the moment it is loaded. Every sender is on an example domain
// (RFC 2606 .test), so nothing here can reach anyone.

export type SampleMessage = {
  id: string;
  from: string;
  subject: string;
  hoursAgo: number;
  headers?: string[];
  body: string[];
  /** Written by the person trying Aiva (From is their address), so threads show both sides. */
  outbound?: boolean;
  /** The sample this one answers (In-Reply-To / References). */
  inReplyTo?: string;
};

export const SAMPLE_MAIL: SampleMessage[] = [
  {
    id: "budget",
    from: "Maya Patel <maya@orchard.test>",
    subject: "Q3 budget for the board",
    hoursAgo: 2,
    body: [
      "Hi,",
      "",
      "Could you please send me the Q3 budget spreadsheet by Friday? The board meets next week and I want to walk them through the hiring line.",
      "",
      "Thanks,",
      "Maya",
    ],
  },
  {
    id: "roadmap-ask",
    from: "Omar Haddad <omar@orchard.test>",
    subject: "Roadmap sync",
    hoursAgo: 5,
    outbound: true,
    body: ["Hi Omar,", "", "Do you have time this week to go over the Q1 roadmap before we share it with the team?", "", "Thanks"],
  },
  {
    id: "roadmap",
    from: "Omar Haddad <omar@orchard.test>",
    subject: "Re: Roadmap sync",
    hoursAgo: 3,
    inReplyTo: "roadmap-ask",
    body: [
      "Hi,",
      "",
      "Sure. Can we meet tomorrow at 3pm in Room 4 to go over the roadmap? It should take about an hour.",
      "",
      "Omar",
    ],
  },
  {
    id: "outage",
    from: "Dana Ortiz <dana@brightline.test>",
    subject: "URGENT: checkout is down for our customers",
    hoursAgo: 0.5,
    body: [
      "Hello,",
      "",
      "Since this morning none of our customers can complete checkout; they get an error after entering their card. This is costing us sales every hour. Can you look into it right away and tell me when it will be fixed?",
      "",
      "Dana Ortiz",
      "Head of Operations, Brightline",
    ],
  },
  {
    id: "lead",
    from: "Kenji Mori <kenji@northwind.test>",
    subject: "Pricing for 200 seats?",
    hoursAgo: 6,
    body: [
      "Hi there,",
      "",
      "We are evaluating tools for our support team of about 200 people. Could you send pricing for annual billing and let me know if you offer a pilot? We would like to decide this month.",
      "",
      "Best,",
      "Kenji Mori, Northwind",
    ],
  },
  {
    id: "newsletter",
    from: "Gadget Weekly <news@gadgets.test>",
    subject: "This week: 10 gadgets we loved",
    hoursAgo: 1,
    headers: ["List-Unsubscribe: <https://gadgets.test/unsubscribe?u=1>", "List-Id: Gadget Weekly <weekly.gadgets.test>", "Precedence: bulk"],
    body: ["Our favourite gadgets this week, hand-picked by the editors.", "", "Unsubscribe: https://gadgets.test/unsubscribe?u=1"],
  },
  {
    id: "receipt",
    from: "Acme Billing <billing@acme.test>",
    subject: "Your receipt for order #48213",
    hoursAgo: 20,
    headers: ["Auto-Submitted: auto-generated"],
    body: ["Thanks for your order.", "", "Order #48213 — Standing desk — $489.00", "Paid with Visa ending 4242.", "", "This is an automated message; please do not reply."],
  },
  {
    id: "code",
    from: "Cloudly <no-reply@cloudly.test>",
    subject: "Your sign-in code",
    hoursAgo: 0.2,
    body: ["Your Cloudly verification code is 482 913.", "", "It expires in 10 minutes. If you didn't try to sign in, you can ignore this email."],
  },
  {
    id: "lunch",
    from: "Lee Chen <lee@friends.test>",
    subject: "Lunch on Saturday?",
    hoursAgo: 26,
    body: ["Hey! Noodles on Saturday at 12:30? My treat this time 🙂", "", "Lee"],
  },
  {
    id: "promo",
    from: "Shoply <deals@shoply.test>",
    subject: "48 hours only: 40% off everything",
    hoursAgo: 30,
    headers: ["List-Unsubscribe: <mailto:unsubscribe@shoply.test>", "Precedence: bulk"],
    body: ["Our biggest sale of the season is here. Use code SAVE40 at checkout.", "", "Shop now: https://shoply.test/sale", "", "Unsubscribe: https://shoply.test/u"],
  },
  {
    id: "contract",
    from: "Priya Shah <priya@lawfirm.test>",
    subject: "Contract draft — comments by Wednesday",
    hoursAgo: 48,
    body: [
      "Hi,",
      "",
      "Attached is the revised services agreement. Please review sections 4 and 7 and send me your comments by Wednesday so we can sign next week.",
      "",
      "Kind regards,",
      "Priya",
    ],
  },
];

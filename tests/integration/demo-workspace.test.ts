import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listEvents } from "@/server/calendar/events";
import { findDemoWorkspace, isDemoWorkspace, loadDemoSchema, loadDemoWorkspace, rfc5322Date } from "@/server/demo/demo-workspace";
import { SAMPLE_MAIL } from "@/server/demo/sample-mail";
import { listMessages } from "@/server/inbox/list-messages";
import { listTasks } from "@/server/tasks/tasks";
import { addMember } from "@/server/workspaces/members";
import { deleteWorkspace, listWorkspaces } from "@/server/workspaces/workspaces";
import { createTestDatabase, createUser, rowsOf, type TestUser } from "../helpers/test-database";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let eve: TestUser;
let demoId: string;
// Sunday 22 November 2026, 09:00 in California (-08:00).
const now = new Date("2026-11-22T17:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  eve = await createUser(test.database, "eve@example.com");
  const loaded = await loadDemoWorkspace({ id: ada.id, email: ada.email }, { utcOffsetMinutes: -480, now });
  expect(loaded.created).toBe(true);
  demoId = loaded.workspaceId;
});
afterAll(() => test.cleanup());

describe("the demo workspace", () => {
  it("is a workspace of its own, clearly named, beside the personal one", async () => {
    const mine = await listWorkspaces(ada.id);
    expect(mine.map((w) => w.name)).toEqual(expect.arrayContaining(["Demo workspace (sample data)"]));
    expect(mine.find((w) => w.id === demoId)).toMatchObject({ isPersonal: false, role: "owner" });
    expect(await isDemoWorkspace(ada.id, demoId)).toBe(true);
    expect(await isDemoWorkspace(ada.id, ada.personalWorkspaceId)).toBe(false);
  });

  it("holds every sample, classified, with the urgent one first and the bulk mail last", async () => {
    const page = await listMessages(ada.id, demoId, { view: "priority", limit: 50 });
    const inbound = SAMPLE_MAIL.filter((s) => !s.outbound);
    const received = page.items.filter((m) => m.sender?.email !== ada.email);
    expect(received).toHaveLength(inbound.length);
    expect(received.every((m) => m.priority !== null && m.category !== null)).toBe(true);
    expect(page.items[0]?.subject).toMatch(/checkout is down/);
    const rank = (subject: RegExp) => page.items.findIndex((m) => subject.test(m.subject ?? ""));
    expect(rank(/Q3 budget/)).toBeLessThan(rank(/10 gadgets/));
    expect(rank(/Pricing for 200 seats/)).toBeLessThan(rank(/40% off/));
  });

  it("threads the user's own message with the answer, both sides", async () => {
    const page = await listMessages(ada.id, demoId, { view: "newest", limit: 50 });
    const roadmap = page.items.find((m) => m.subject === "Re: Roadmap sync");
    expect(roadmap?.messageCount).toBe(2);
  });

  it("suggests the tasks and the meeting the sample asks for, in the user's time zone", async () => {
    const tasks = await listTasks(ada.id, demoId);
    expect(tasks.some((t) => t.status === "suggested" && /budget/i.test(t.title))).toBe(true);
    const events = await listEvents(ada.id, demoId, { from: now, to: new Date(now.getTime() + 7 * 86_400_000) });
    const meeting = events.find((e) => e.status === "suggested" && e.location === "Room 4");
    // "tomorrow at 3pm", written at 06:00 -08:00 on the 22nd: 15:00 -08:00 on the 23rd.
    expect(meeting?.startTime).toBe("2026-11-23T23:00:00.000Z");
  });

  it("is found again instead of made twice", async () => {
    const again = await loadDemoWorkspace({ id: ada.id, email: ada.email }, { utcOffsetMinutes: -480, now });
    expect(again).toEqual({ workspaceId: demoId, created: false });
    expect((await listWorkspaces(ada.id)).filter((w) => w.name.startsWith("Demo workspace"))).toHaveLength(1);
  });

  it("is invisible to everyone else", async () => {
    expect(await findDemoWorkspace(eve.id)).toBeNull();
    expect(await isDemoWorkspace(eve.id, demoId)).toBe(false);
    expect((await listMessages(eve.id, demoId, { view: "newest" })).items).toEqual([]);
  });

  it("refuses a time zone offset outside what exists", () => {
    expect(loadDemoSchema.safeParse({ utcOffsetMinutes: 900 }).success).toBe(false);
    expect(loadDemoSchema.safeParse({ utcOffsetMinutes: 12.5 }).success).toBe(false);
    expect(loadDemoSchema.safeParse({ utcOffsetMinutes: 330 }).success).toBe(true);
  });

  it("writes Date headers in the given offset", () => {
    expect(rfc5322Date(new Date("2026-11-22T17:00:00Z"), -480)).toBe("Sun, 22 Nov 2026 09:00:00 -0800");
    expect(rfc5322Date(new Date("2026-11-22T17:00:00Z"), 330)).toBe("Sun, 22 Nov 2026 22:30:00 +0530");
  });
});

describe("deleting a workspace", () => {
  it("refuses the personal workspace, and members who are not owners", async () => {
    await expect(deleteWorkspace(ada.id, ada.personalWorkspaceId)).rejects.toThrow("personal workspace can't be deleted");
    await addMember(ada.id, demoId, eve.email, "admin");
    await expect(deleteWorkspace(eve.id, demoId)).rejects.toThrow("Only an owner");
    await expect(deleteWorkspace(eve.id, ada.personalWorkspaceId)).rejects.toThrow("no longer exists");
  });

  it("removes the demo with its mail, tasks and events; it can be loaded again", async () => {
    await deleteWorkspace(ada.id, demoId);
    const left = rowsOf<{ n: number }>(
      await test.database.raw.query(`select count(*)::int as n from public.messages where workspace_id = $1`, [demoId]),
    );
    expect(left[0]?.n).toBe(0);
    expect(await findDemoWorkspace(ada.id)).toBeNull();
    const fresh = await loadDemoWorkspace({ id: ada.id, email: ada.email }, { utcOffsetMinutes: 0, now });
    expect(fresh.created).toBe(true);
    expect(fresh.workspaceId).not.toBe(demoId);
  });
});

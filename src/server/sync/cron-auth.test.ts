import { describe, expect, it } from "vitest";
import { isAuthorizedCronRequest } from "./cron-auth";

const SECRET = "s3cret-with-enough-length";

describe("cron authorization", () => {
  it("accepts exactly the bearer secret", () => {
    expect(isAuthorizedCronRequest(`Bearer ${SECRET}`, SECRET)).toBe(true);
  });
  it.each([
    ["no header", null],
    ["empty header", ""],
    ["wrong secret", "Bearer nope-nope-nope-nope"],
    ["secret without scheme", SECRET],
    ["other scheme", `Basic ${SECRET}`],
    ["prefix of the secret", `Bearer ${SECRET.slice(0, -1)}`],
  ])("refuses %s", (_, header) => {
    expect(isAuthorizedCronRequest(header, SECRET)).toBe(false);
  });
  it("refuses everything when no secret (or a short one) is configured", () => {
    expect(isAuthorizedCronRequest("Bearer ", "")).toBe(false);
    expect(isAuthorizedCronRequest("Bearer undefined", undefined)).toBe(false);
    expect(isAuthorizedCronRequest("Bearer short", "short")).toBe(false);
  });
});

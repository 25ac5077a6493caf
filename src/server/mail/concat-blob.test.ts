import { describe, expect, it } from "vitest";
import { ConcatBlob } from "./concat-blob";

const bytesOf = async (blob: { arrayBuffer(): Promise<ArrayBuffer> }) => [...new Uint8Array(await blob.arrayBuffer())];

describe("ConcatBlob", () => {
  it("holds what Node's Blob holds for the parts postal-mime passes", async () => {
    const source = new Uint8Array([104, 105, 10, 0xc3, 0xa9, 0xff]);
    const parts = [source.subarray(0, 2), "\n", new Uint8Array([1, 2, 3]).buffer, source.subarray(3), "é ☃ \uD800", new DataView(new Uint8Array([7, 8]).buffer)];
    const ours = new ConcatBlob(parts, { type: "Application/Octet-Stream" });
    const node = new Blob(parts, { type: "Application/Octet-Stream" });
    expect(ours.size).toBe(node.size);
    expect(ours.type).toBe(node.type);
    expect(await bytesOf(ours)).toEqual(await bytesOf(node));
    expect(await ours.text()).toBe(await node.text());
    expect(await bytesOf(ours.slice(2, 9))).toEqual(await bytesOf(node.slice(2, 9)));
    expect(Object.prototype.toString.call(ours)).toBe("[object Blob]");
  });

  it("copies its parts, and gives a fresh buffer each time", async () => {
    const part = new Uint8Array([1, 2, 3]);
    const blob = new ConcatBlob([part]);
    part[0] = 9;
    const first = new Uint8Array(await blob.arrayBuffer());
    first[1] = 9;
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it("takes other blobs as parts", async () => {
    const inner = new ConcatBlob(["ab"]);
    expect(await new ConcatBlob([inner, "c"]).text()).toBe("abc");
    expect(await new ConcatBlob([new Blob(["x"]), inner]).text()).toBe("xab");
    expect(await new ConcatBlob([]).arrayBuffer()).toEqual(new ArrayBuffer(0));
  });
});

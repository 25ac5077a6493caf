import { and, eq, ne } from "drizzle-orm";
import { open, seal } from "@/server/crypto/secret-box";
import { keyRing } from "@/server/crypto/keys";
import { secrets } from "@/server/db/schema";
import { type Tx, withService } from "@/server/db/with-rls";

// Credentials of channel and calendar connections. They live in private.secrets, which
// the `authenticated` role cannot read; only adapters decrypt them, through here.

export type SecretOwner = {
  workspaceId: string;
  ownerKind: "channel_connection" | "calendar_connection";
  ownerId: string;
};

const context = (owner: SecretOwner, name: string) => `${owner.ownerKind}:${owner.ownerId}:${name}`;

export async function putSecret(tx: Tx, owner: SecretOwner, name: string, value: string): Promise<void> {
  const sealed = seal(value, context(owner, name));
  await tx
    .insert(secrets)
    .values({ ...owner, name, keyId: sealed.keyId, ciphertext: sealed.ciphertext })
    .onConflictDoUpdate({
      target: [secrets.ownerKind, secrets.ownerId, secrets.name],
      set: { keyId: sealed.keyId, ciphertext: sealed.ciphertext, updatedAt: new Date() },
    });
}

export async function getSecret(tx: Tx, owner: SecretOwner, name: string): Promise<string | null> {
  const [row] = await tx
    .select({ ciphertext: secrets.ciphertext })
    .from(secrets)
    .where(
      and(
        eq(secrets.workspaceId, owner.workspaceId),
        eq(secrets.ownerKind, owner.ownerKind),
        eq(secrets.ownerId, owner.ownerId),
        eq(secrets.name, name),
      ),
    );
  return row ? open(row.ciphertext, context(owner, name)) : null;
}

export async function deleteSecrets(tx: Tx, owner: SecretOwner): Promise<void> {
  await tx
    .delete(secrets)
    .where(and(eq(secrets.ownerKind, owner.ownerKind), eq(secrets.ownerId, owner.ownerId)));
}

/** Re-encrypts every secret not under the current key. Returns how many changed. */
export async function rotateSecrets(): Promise<{ rotated: number; current: string }> {
  const ring = keyRing();
  const stale = await withService({ userId: "system", reason: "rotate encryption key" }, (tx) =>
    tx.select().from(secrets).where(ne(secrets.keyId, ring.current.id)),
  );
  let rotated = 0;
  for (const row of stale) {
    const owner: SecretOwner = { workspaceId: row.workspaceId, ownerKind: row.ownerKind, ownerId: row.ownerId };
    await withService({ workspaceId: row.workspaceId, reason: "rotate encryption key" }, async (tx) => {
      const value = open(row.ciphertext, context(owner, row.name), ring);
      await putSecret(tx, owner, row.name, value);
    });
    rotated++;
  }
  return { rotated, current: ring.current.id };
}

"use client";

import { Search } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { LocalTime } from "@/components/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/format";

type Person = { id: string; email: string; name: string | null; received: number; sent: number; lastMessageAt: string | null };

export function ContactsTable({ workspaceId, people, filter, capped }: { workspaceId: string; people: Person[]; filter: string; capped: boolean }) {
  const router = useRouter();
  const [value, setValue] = useState(filter);
  return (
    <div className="mx-auto grid max-w-4xl gap-4 px-4 py-6 md:px-8">
      <form
        role="search"
        className="relative w-full sm:w-80"
        onSubmit={(e) => {
          e.preventDefault();
          const q = value.trim();
          router.push(q ? `/w/${workspaceId}/contacts?q=${encodeURIComponent(q)}` : `/w/${workspaceId}/contacts`);
        }}
      >
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <input
          type="search"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="Find a person by name or address"
          aria-label="Find a contact"
          maxLength={200}
          className="h-8 w-full rounded-md border bg-background pr-3 pl-8 text-sm outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50"
        />
      </form>
      {people.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nobody matches “{filter}”.</p>
      ) : (
        <div className="rounded-lg border">
          <Table aria-label="Contacts">
            <TableHeader>
              <TableRow>
                <TableHead>Person</TableHead>
                <TableHead className="text-right">From them</TableHead>
                <TableHead className="text-right">To them</TableHead>
                <TableHead className="text-right">Last contact</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {people.map((p) => (
                <TableRow key={p.id}>
                  <TableCell className="max-w-0 w-full">
                    <Link
                      href={`/w/${workspaceId}/inbox?q=${encodeURIComponent(`from:${p.email}`)}`}
                      className="block truncate font-medium hover:underline"
                      title={`Messages from ${p.email}`}
                    >
                      {p.name || p.email}
                    </Link>
                    {p.name ? <span className="block truncate text-xs text-muted-foreground">{p.email}</span> : null}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(p.received)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(p.sent)}</TableCell>
                  <TableCell className="text-right whitespace-nowrap text-muted-foreground">
                    <LocalTime iso={p.lastMessageAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {capped ? <p className="text-xs text-muted-foreground">Showing the {formatCount(people.length)} most recent; search to find others.</p> : null}
    </div>
  );
}

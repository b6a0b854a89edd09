"use client";

import { Button, Input } from "@atiende/ui";
import { useDeferredValue, useId, useState } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";
import { CreateStaffForm } from "./create-staff-form";
import type { PasswordDialogState } from "./password-dialog";
import { PasswordDialog } from "./password-dialog";
import { PersonRow } from "./person-row";

const KINDS = ["staff", "candidates"] as const;

/** Staff and candidates with a search; new staff accounts; each account's role, status and password. */
export function PeopleAdmin({ viewerId }: { viewerId: string }) {
  const t = useTranslations("admin.people");
  const id = useId();
  const [kind, setKind] = useState<(typeof KINDS)[number]>("staff");
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search);
  const [announcement, setAnnouncement] = useState("");
  const [dialog, setDialog] = useState<PasswordDialogState | null>(null);
  const people = api.user.people.useInfiniteQuery(
    { kind, q, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const items = people.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <CreateStaffForm onCreated={(person, password) => setDialog({ person, createdPassword: password })} />
      <section aria-labelledby={`${id}-list`} className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id={`${id}-list`} className="sr-only">
          {t(`kinds.${kind}`)}
        </h2>
        <div className="flex flex-wrap items-end gap-3">
          <fieldset className="flex gap-1 rounded-md bg-slate-100 p-1">
            <legend className="sr-only">{t("kind")}</legend>
            {KINDS.map((k) => (
              <label
                key={k}
                className="cursor-pointer rounded px-3 py-1.5 text-sm font-medium has-checked:bg-white has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-indigo-600"
              >
                <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} className="sr-only" />
                {t(`kinds.${k}`)}
              </label>
            ))}
          </fieldset>
          <label className="flex min-w-56 flex-1 flex-col gap-1 text-sm font-medium">
            {t("search")}
            <Input type="search" value={search} onChange={(event) => setSearch(event.target.value)} maxLength={200} />
          </label>
        </div>
        <p role="status" className="mt-3 min-h-5 text-sm text-slate-700">
          {announcement}
        </p>
        {people.isPending ? (
          <p className="py-4 text-sm text-slate-600">{t("loading")}</p>
        ) : people.isError ? (
          <p role="alert" className="py-4 text-sm text-red-700">
            {t("failed")}
          </p>
        ) : items.length === 0 ? (
          <p className="py-4 text-sm text-slate-600">{t("empty")}</p>
        ) : (
          <ul aria-label={t(`kinds.${kind}`)}>
            {items.map((person) => (
              <PersonRow
                key={person.id}
                person={person}
                isSelf={person.id === viewerId}
                onDone={setAnnouncement}
                onReset={(p) => setDialog({ person: p })}
              />
            ))}
          </ul>
        )}
        {people.hasNextPage && (
          <Button variant="secondary" className="mt-3" disabled={people.isFetchingNextPage} onClick={() => void people.fetchNextPage()}>
            {t("loadMore")}
          </Button>
        )}
      </section>
      {dialog && (
        <PasswordDialog
          key={dialog.person.id}
          state={dialog}
          onClose={() => {
            setDialog(null);
            void people.refetch();
          }}
        />
      )}
    </div>
  );
}

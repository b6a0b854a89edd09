"use client";

import { Button } from "@atiende/ui";
import type { FormEvent } from "react";
import { useId, useRef } from "react";
import { useTranslations } from "use-intl";

import { field } from "~/components/console/form-field";
import { api } from "~/trpc/react";
import { Form, SubmitButton } from "~/components/forms/form";

/**
 * "Traspasar": hands the open conversation to a teammate with a note, which lands in the thread
 * as an internal note. A button in the thread's header opens it as a native modal dialog.
 */
export function HandOver(props: { conversationId: string; assigneeId: string | null }) {
  const t = useTranslations("team.handOver");
  const ts = useTranslations("team.status");
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const utils = api.useUtils();
  const team = api.team.members.useQuery(undefined, { staleTime: 10_000 });
  const handOver = api.team.handOver.useMutation({
    onSuccess: () => ref.current?.close(),
    onSettled: () =>
      Promise.all([
        utils.conversation.get.invalidate({ id: props.conversationId }),
        utils.conversation.list.invalidate(),
        utils.message.invalidate(),
        utils.team.invalidate(),
      ]),
  });
  const others = team.data?.members.filter((m) => m.id !== props.assigneeId) ?? [];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    handOver.mutate({
      conversationId: props.conversationId,
      toUserId: field(data, "to"),
      note: field(data, "note"),
      expectedAssigneeId: props.assigneeId,
    });
  };

  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => { handOver.reset(); ref.current?.showModal(); }}>
        {t("open")}
      </Button>
      <dialog ref={ref} aria-labelledby={`${id}-title`} className="m-auto w-[28rem] max-w-[95vw] rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40">
        <h2 id={`${id}-title`} className="mb-3 text-lg font-bold">
          {t("title")}
        </h2>
        <Form onSubmit={submit} className="space-y-3">
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t("to")}
            <select name="to" required className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm">
              {others.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name} · {ts(member.status)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t("note")}
            <textarea name="note" required maxLength={2000} rows={4} placeholder={t("notePlaceholder")} className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </label>
          {handOver.error && (
            <p role="alert" className="text-sm text-red-700">
              {handOver.error.data?.code === "CONFLICT" ? t("conflict") : t("failed")}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => ref.current?.close()}>
              {t("cancel")}
            </Button>
            <SubmitButton disabled={handOver.isPending || others.length === 0}>
              {t("submit")}
            </SubmitButton>
          </div>
        </Form>
      </dialog>
    </>
  );
}

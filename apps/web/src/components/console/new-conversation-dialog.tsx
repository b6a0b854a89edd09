"use client";

import { Button, cn, Input } from "@atiende/ui";
import type { FormEvent, RefObject } from "react";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { api } from "~/trpc/react";
import { field } from "./form-field";

/** Staff open a conversation on a candidate's behalf: find them, give a subject and a first message. */
export function NewConversationDialog(props: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  onCreated: (id: string) => void;
}) {
  const t = useTranslations("console.newConversation");
  const [q, setQ] = useState("");
  const [candidateId, setCandidateId] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const candidates = api.user.candidates.useQuery({ q, limit: 8 }, { enabled: q.trim().length > 0 });
  const create = api.conversation.create.useMutation();
  const send = api.message.send.useMutation();
  const pending = create.isPending || send.isPending;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!candidateId) return setMissing(true);
    const form = new FormData(event.currentTarget);
    const subject = field(form, "subject");
    const content = field(form, "message");
    const conversation = await create.mutateAsync({ candidateUserId: candidateId, subject });
    if (content.trim()) {
      await send.mutateAsync({ conversationId: conversation.id, content, clientMessageId: crypto.randomUUID() });
    }
    props.dialogRef.current?.close();
    setQ("");
    setCandidateId(null);
    props.onCreated(conversation.id);
  };

  return (
    <dialog ref={props.dialogRef} aria-labelledby="new-conversation-title" className="m-auto w-[28rem] max-w-[95vw] rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40">
      <h2 id="new-conversation-title" className="mb-3 text-lg font-bold">
        {t("title")}
      </h2>
      <Form className="space-y-3" onSubmit={(event) => void onSubmit(event)}>
        <label className="block text-sm font-medium">
          {t("candidate")}
          <Input value={q} placeholder={t("candidatePlaceholder")} onChange={(e) => { setQ(e.target.value); setCandidateId(null); }} />
        </label>
        {q.trim() && (
          <ul role="listbox" aria-label={t("candidate")} className="max-h-40 overflow-y-auto rounded-md border border-slate-200">
            {candidates.data?.length === 0 && <li className="p-2 text-sm text-slate-600">{t("noCandidates")}</li>}
            {candidates.data?.map((person) => (
              <li key={person.id} role="option" aria-selected={person.id === candidateId}>
                <button
                  type="button"
                  onClick={() => { setCandidateId(person.id); setMissing(false); }}
                  className={cn("w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100", person.id === candidateId && "bg-indigo-50 font-semibold")}
                >
                  {person.name} <span className="text-slate-600">· {person.email}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {missing && <p role="alert" className="text-sm text-red-700">{t("pickCandidate")}</p>}
        <label className="block text-sm font-medium">
          {t("subject")}
          <Input name="subject" maxLength={255} />
        </label>
        <label className="block text-sm font-medium">
          {t("message")}
          <textarea name="message" rows={3} className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        </label>
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => props.dialogRef.current?.close()}>
            {t("cancel")}
          </Button>
          <SubmitButton disabled={pending}>
            {pending ? t("creating") : t("create")}
          </SubmitButton>
        </div>
      </Form>
    </dialog>
  );
}

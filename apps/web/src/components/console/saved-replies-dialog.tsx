"use client";

import type { AppRouter, RouterOutputs } from "@atiende/api";
import { Button, Input } from "@atiende/ui";
import type { TRPCClientErrorLike } from "@trpc/client";
import type { FormEvent, RefObject } from "react";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { api } from "~/trpc/react";
import { field } from "./form-field";

type SavedReply = RouterOutputs["savedReply"]["list"][number];
type Translate = ReturnType<typeof useTranslations<"console.savedReplies">>;

/** Why the server refused the new reply, in the reader's language (the API words its messages in Spanish). */
function refusal(t: Translate, error: TRPCClientErrorLike<AppRouter>, shortcut: string): string {
  const data = error.data;
  if (data?.code === "CONFLICT") return t("shortcutTaken", { shortcut });
  // The inputs require both fields, but only the server checks the shortcut's characters and
  // trims the text before requiring it.
  const invalid = data?.zodError?.fieldErrors ?? {};
  if ("shortcut" in invalid) return t("invalidShortcut");
  if ("content" in invalid) return t("emptyContent");
  return t("failed");
}

/**
 * The saved replies: the team's and the viewer's own. Add one (for the team or just for oneself),
 * edit one in place, or remove one (it stays in the history).
 */
export function SavedRepliesDialog(props: { dialogRef: RefObject<HTMLDialogElement | null>; replies: SavedReply[] }) {
  const t = useTranslations("console.savedReplies");
  const tp = useTranslations("savedRepliesPersonal");
  const utils = api.useUtils();
  const refresh = () => utils.savedReply.list.invalidate();
  const create = api.savedReply.create.useMutation({ onSuccess: refresh });
  const update = api.savedReply.update.useMutation({ onSuccess: refresh });
  const remove = api.savedReply.remove.useMutation({ onSuccess: refresh });
  const [editing, setEditing] = useState<SavedReply | null>(null);
  const save = editing ? update : create;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const fields = { shortcut: field(data, "shortcut"), content: field(data, "content") };
    const done = { onSuccess: () => { form.reset(); setEditing(null); } };
    if (editing) update.mutate({ id: editing.id, ...fields }, done);
    else create.mutate({ ...fields, personal: data.get("personal") === "on" }, done);
  };

  return (
    <dialog ref={props.dialogRef} aria-labelledby="saved-replies-title" className="m-auto w-[32rem] max-w-[95vw] rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40">
      <h2 id="saved-replies-title" className="mb-3 text-lg font-bold">
        {t("title")}
      </h2>
      {props.replies.length === 0 && <p className="text-sm text-slate-600">{t("empty")}</p>}
      <ul className="max-h-60 space-y-2 overflow-y-auto">
        {props.replies.map((reply) => (
          <li key={reply.id} className="flex items-start gap-2 text-sm">
            <span className="font-mono font-semibold">/{reply.shortcut}</span>
            {reply.ownerUserId && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{tp("badge")}</span>}
            <span className="flex-1 whitespace-pre-wrap text-slate-700">{reply.content}</span>
            <Button size="sm" variant="ghost" onClick={() => { update.reset(); setEditing(reply); }}>
              {tp("edit", { shortcut: reply.shortcut })}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => remove.mutate({ id: reply.id })}>
              {t("remove", { shortcut: reply.shortcut })}
            </Button>
          </li>
        ))}
      </ul>
      <Form key={editing?.id ?? "new"} onSubmit={onSubmit} className="mt-4 space-y-2 border-t border-slate-200 pt-4">
        {editing && <h3 className="text-sm font-semibold">{tp("editing", { shortcut: editing.shortcut })}</h3>}
        <label className="block text-sm font-medium">
          {t("shortcut")}
          <Input name="shortcut" maxLength={40} required defaultValue={editing?.shortcut} />
        </label>
        <label className="block text-sm font-medium">
          {t("content")}
          <textarea name="content" rows={3} required defaultValue={editing?.content} className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        </label>
        {!editing && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="personal" />
            {tp("personal")}
          </label>
        )}
        {save.error && (
          <p role="alert" className="text-sm text-red-700">
            {refusal(t, save.error, save.variables?.shortcut?.trim() ?? "")}
          </p>
        )}
        <div className="flex justify-end gap-2">
          {editing ? (
            <Button variant="ghost" onClick={() => setEditing(null)}>
              {tp("cancel")}
            </Button>
          ) : (
            <Button variant="ghost" onClick={() => props.dialogRef.current?.close()}>
              {t("close")}
            </Button>
          )}
          <SubmitButton disabled={save.isPending}>
            {editing ? tp("save") : t("add")}
          </SubmitButton>
        </div>
      </Form>
    </dialog>
  );
}

"use client";

import { Button } from "@atiende/ui";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { api } from "~/trpc/react";

/**
 * Corrects one's own message in place. The API decides (sender only, within the edit window);
 * the new text reaches every open view through the live feed, marked "editado".
 */
export function MessageEdit(props: { id: string; content: string; editWindowSeconds: number; onDone: () => void }) {
  const t = useTranslations("chat");
  const id = useId();
  const [draft, setDraft] = useState(props.content);
  const edit = api.message.edit.useMutation({ onSuccess: props.onDone });
  const save = () => {
    if (draft.trim() === props.content.trim()) props.onDone();
    else if (draft.trim()) edit.mutate({ id: props.id, content: draft });
  };
  return (
    <Form
      className="w-full space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t("editLabel")}
      </label>
      <textarea
        id={id}
        // The editor opens because the person asked for it: the field is where they want to be.
        autoFocus
        value={draft}
        rows={2}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            props.onDone();
          } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            save();
          }
        }}
        className="w-full resize-none rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
        aria-describedby={edit.isError ? `${id}-error` : undefined}
      />
      {edit.isError && (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
          {t("editFailed", { minutes: Math.ceil(props.editWindowSeconds / 60) })}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="secondary" onClick={props.onDone}>
          {t("editCancel")}
        </Button>
        <SubmitButton size="sm" disabled={edit.isPending || !draft.trim()}>
          {t("editSave")}
        </SubmitButton>
      </div>
    </Form>
  );
}

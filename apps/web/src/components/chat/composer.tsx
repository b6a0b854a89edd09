"use client";

import { Button } from "@atiende/ui";
import type { KeyboardEvent } from "react";
import { useEffect, useId, useState } from "react";
import { useTranslations } from "use-intl";

const draftKey = (conversationId: string) => `atiende:draft:${conversationId}`;

/**
 * Multi-line composer: Enter sends, Shift+Enter breaks the line. The draft is kept in the browser
 * per conversation, so nothing typed is lost to a reload.
 */
export function Composer(props: {
  conversationId: string;
  maxLength: number;
  onSend: (content: string) => void;
  onTyping: (isTyping: boolean) => void;
}) {
  const t = useTranslations("chat");
  const id = useId();
  const [draft, setDraft] = useState("");

  useEffect(() => {
    setDraft(window.localStorage.getItem(draftKey(props.conversationId)) ?? "");
  }, [props.conversationId]);

  const update = (value: string) => {
    setDraft(value);
    if (value) window.localStorage.setItem(draftKey(props.conversationId), value);
    else window.localStorage.removeItem(draftKey(props.conversationId));
  };

  const length = [...draft].length;
  const blank = !draft.trim();
  const tooLong = length > props.maxLength;

  const submit = () => {
    if (blank || tooLong) return;
    props.onSend(draft);
    props.onTyping(false);
    update("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="flex items-end gap-2 border-t border-slate-200 bg-white p-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="flex-1">
        <label htmlFor={id} className="sr-only">
          {t("composerLabel")}
        </label>
        <textarea
          id={id}
          value={draft}
          rows={2}
          placeholder={t("composerPlaceholder")}
          onChange={(event) => {
            update(event.target.value);
            props.onTyping(event.target.value.length > 0);
          }}
          onBlur={() => props.onTyping(false)}
          onKeyDown={onKeyDown}
          className="w-full resize-none rounded-md border border-slate-300 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600"
          aria-describedby={length > props.maxLength * 0.8 ? `${id}-counter` : undefined}
        />
        {length > props.maxLength * 0.8 && (
          <p id={`${id}-counter`} className={tooLong ? "text-xs text-red-700" : "text-xs text-slate-600"}>
            {t("charactersLeft", { count: props.maxLength - length })}
          </p>
        )}
      </div>
      <Button type="submit" disabled={blank || tooLong}>
        {t("send")}
      </Button>
    </form>
  );
}

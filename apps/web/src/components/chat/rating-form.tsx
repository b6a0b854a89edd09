"use client";

import { cn } from "@atiende/ui";
import type { FormEvent } from "react";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { api } from "~/trpc/react";

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * "¿Cómo fue la atención?" for a resolved conversation: 1–5 stars (a native radio group, so arrow
 * keys and screen readers work) and an optional comment; once rated, a thank-you in its place.
 */
export function RatingForm(props: { conversationId: string; resolvedAt: Date }) {
  const t = useTranslations("chat.rating");
  const id = useId();
  const utils = api.useUtils();
  const ratings = api.conversation.ratings.useQuery({ id: props.conversationId });
  const rate = api.conversation.rate.useMutation({
    onSettled: () => utils.conversation.ratings.invalidate({ id: props.conversationId }),
  });
  const [score, setScore] = useState<number | null>(null);
  const [missingScore, setMissingScore] = useState(false);

  // This resolution's rating (an earlier resolution's does not count).
  const rated = ratings.data?.find((r) => r.resolvedAt.getTime() === props.resolvedAt.getTime());
  if (!ratings.isSuccess) return null;

  if (rated) {
    return (
      <section aria-labelledby={`${id}-title`} className="border-b border-slate-200 bg-emerald-50 px-4 py-3">
        <h3
          id={`${id}-title`}
          role="status"
          tabIndex={-1}
          // Just rated from this form: the form is gone, so focus moves to its answer, not the page.
          ref={(heading) => {
            if (rate.isSuccess) heading?.focus();
          }}
          className="text-sm font-semibold text-emerald-900 focus:outline-none"
        >
          {t("thanks")}
        </h3>
        <p className="text-xs text-emerald-900">{t("yourScore", { score: rated.score })}</p>
      </section>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (score === null) {
      setMissingScore(true);
      return;
    }
    const comment = new FormData(event.currentTarget).get("comment");
    rate.mutate({
      id: props.conversationId,
      score,
      comment: typeof comment === "string" && comment.trim() ? comment : undefined,
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="border-b border-slate-200 bg-white px-4 py-3">
      <Form onSubmit={onSubmit} className="space-y-2" aria-labelledby={`${id}-title`}>
        <fieldset aria-describedby={missingScore ? `${id}-missing` : undefined}>
          <legend id={`${id}-title`} className="text-sm font-semibold">
            {t("question")}
          </legend>
          <div className="mt-1 flex gap-1">
            {SCORES.map((value) => (
              <label key={value} className="cursor-pointer">
                <input
                  type="radio"
                  name="score"
                  value={value}
                  checked={score === value}
                  onChange={() => {
                    setScore(value);
                    setMissingScore(false);
                  }}
                  className="peer sr-only"
                />
                <span className="sr-only">{t("score", { score: value })}</span>
                <span
                  aria-hidden
                  className={cn(
                    "block text-2xl leading-none peer-focus-visible:rounded peer-focus-visible:outline-2 peer-focus-visible:outline-indigo-600",
                    score !== null && value <= score ? "text-amber-600" : "text-slate-400",
                  )}
                >
                  ★
                </span>
              </label>
            ))}
          </div>
          {missingScore && (
            <p id={`${id}-missing`} role="alert" className="text-xs text-red-700">
              {t("pickScore")}
            </p>
          )}
        </fieldset>
        <label htmlFor={`${id}-comment`} className="block text-sm">
          {t("comment")}
        </label>
        <textarea
          id={`${id}-comment`}
          name="comment"
          maxLength={2000}
          rows={2}
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <div className="flex items-center gap-3">
          <SubmitButton size="sm" disabled={rate.isPending}>
            {rate.isPending ? t("submitting") : t("submit")}
          </SubmitButton>
          {rate.isError && (
            <p role="alert" className="text-xs text-red-700">
              {t("error")}
            </p>
          )}
        </div>
      </Form>
    </section>
  );
}

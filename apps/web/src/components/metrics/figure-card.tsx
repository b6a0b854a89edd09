import type { ReactNode } from "react";

/** A titled panel with its CSV download in the corner. */
export function FigureCard(props: {
  title: string;
  hint?: string;
  action?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      aria-label={props.title}
      className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${props.className ?? ""}`}
    >
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold text-slate-900">{props.title}</h2>
          {props.hint ? <p className="text-xs text-slate-600">{props.hint}</p> : null}
        </div>
        {props.action}
      </div>
      {props.children}
    </section>
  );
}

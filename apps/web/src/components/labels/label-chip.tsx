import type { LabelColor } from "@atiende/api/contract";
import { cn } from "@atiende/ui";
import type { ReactNode } from "react";

/** Each palette colour as a pale background with dark text: at least 4.5:1 in every pair. */
export const LABEL_CHIP_CLASSES: Record<LabelColor, string> = {
  slate: "bg-slate-100 text-slate-800 border-slate-300",
  red: "bg-red-100 text-red-800 border-red-300",
  amber: "bg-amber-100 text-amber-900 border-amber-300",
  green: "bg-green-100 text-green-800 border-green-300",
  teal: "bg-teal-100 text-teal-800 border-teal-300",
  blue: "bg-blue-100 text-blue-800 border-blue-300",
  indigo: "bg-indigo-100 text-indigo-800 border-indigo-300",
  purple: "bg-purple-100 text-purple-800 border-purple-300",
  pink: "bg-pink-100 text-pink-800 border-pink-300",
};

/** A label as it shows everywhere: its name on its colour; `children` adds a control inside. */
export function LabelChip(props: { name: string; color: LabelColor; children?: ReactNode; className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium", LABEL_CHIP_CLASSES[props.color], props.className)}>
      {props.name}
      {props.children}
    </span>
  );
}

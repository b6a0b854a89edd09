"use client";

import { Button } from "@atiende/ui";
import { useState } from "react";

/** Asks, and on the click turns the emails off through the one-click endpoint. */
export function UnsubscribeButton(props: { token: string; question: string; confirm: string; done: string; failed: string }) {
  const [status, setStatus] = useState<"idle" | "pending" | "done" | "failed">("idle");
  const unsubscribe = async () => {
    setStatus("pending");
    const response = await fetch(`/api/notifications/unsubscribe?token=${encodeURIComponent(props.token)}`, { method: "POST" }).catch(() => null);
    setStatus(response?.ok ? "done" : "failed");
  };
  if (status === "done") {
    return (
      <p role="status" className="mt-4 text-slate-800">
        {props.done}
      </p>
    );
  }
  return (
    <div className="mt-4 space-y-3">
      <p className="text-slate-800">{props.question}</p>
      <Button onClick={() => void unsubscribe()} disabled={status === "pending"}>
        {props.confirm}
      </Button>
      {status === "failed" && (
        <p role="alert" className="text-sm text-red-700">
          {props.failed}
        </p>
      )}
    </div>
  );
}

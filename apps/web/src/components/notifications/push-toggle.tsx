"use client";

import { Button } from "@atiende/ui";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";
import type { PushState } from "./push";
import { readPushState, turnPushOff, turnPushOn } from "./push";

/**
 * The switch for push notifications on this device: off until the person asks (permission is never
 * requested unprompted). Where push is unavailable it renders nothing, or says so (`explain`).
 */
export function PushToggle(props: {
  className?: string;
  explain?: boolean;
  variant?: "ghost" | "secondary";
}) {
  const t = useTranslations("chat.notifications");
  const utils = api.useUtils();
  const subscribe = api.notification.subscribePush.useMutation();
  const unsubscribe = api.notification.unsubscribePush.useMutation();
  // Unknown until mounted: the server cannot know the browser's state.
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void readPushState().then(setState, () => setState("unsupported"));
  }, []);

  if (state === null) return null;
  if (state === "unsupported")
    return props.explain ? (
      <p className={`${props.className ?? ""} text-xs text-slate-600`}>{t("unsupported")}</p>
    ) : null;
  const pushApi = {
    publicKey: async () => (await utils.notification.pushKey.fetch()).publicKey,
    save: (subscription: Parameters<typeof subscribe.mutateAsync>[0]) =>
      subscribe.mutateAsync(subscription),
    remove: (endpoint: string) => unsubscribe.mutateAsync({ endpoint }),
  };
  const run = async (change: typeof turnPushOn) => {
    setBusy(true);
    setFailed(false);
    try {
      setState(await change(pushApi));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={props.className} aria-live="polite">
      {state === "denied" ? (
        <p className="text-xs text-slate-600">{t("denied")}</p>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          {state === "on" && <p className="text-xs text-slate-600">{t("enabled")}</p>}
          <Button
            size="sm"
            variant={props.variant ?? "ghost"}
            disabled={busy}
            onClick={() => void run(state === "on" ? turnPushOff : turnPushOn)}
          >
            {state === "on" ? t("disable") : t("enable")}
          </Button>
        </div>
      )}
      {failed && <p className="text-xs text-red-700">{t("failed")}</p>}
    </div>
  );
}

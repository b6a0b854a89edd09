"use client";

import { Button } from "@atiende/ui";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";

import { pushSupported } from "~/components/notifications/push";
import { PushToggle } from "~/components/notifications/push-toggle";

type Permission = NotificationPermission | "unsupported";

/**
 * An optional, visible control to allow reply notifications: permission is never asked unprompted.
 * Where the browser can receive pushes, it turns them on for this device (they arrive with no tab
 * open); elsewhere it only allows the open tab's own notifications.
 */
export function NotificationToggle(props: { className?: string }) {
  const t = useTranslations("chat.notifications");
  // Unknown until mounted: the server cannot know the browser's permission.
  const [permission, setPermission] = useState<Permission | "push" | null>(null);
  useEffect(() => {
    setPermission(pushSupported() ? "push" : "Notification" in window ? Notification.permission : "unsupported");
  }, []);

  if (permission === "push") return <PushToggle className={props.className} />;
  if (permission === null || permission === "unsupported") return null;
  return (
    <div className={props.className} aria-live="polite">
      {permission === "default" ? (
        <Button
          size="sm"
          variant="ghost"
          onClick={async () => setPermission(await Notification.requestPermission())}
        >
          {t("enable")}
        </Button>
      ) : (
        <p className="text-xs text-slate-600">{permission === "granted" ? t("enabled") : t("denied")}</p>
      )}
    </div>
  );
}

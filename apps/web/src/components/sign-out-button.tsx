"use client";

import { Button } from "@atiende/ui";
import { signOut } from "next-auth/react";

export function SignOutButton({ label }: { label: string }) {
  return (
    <Button variant="secondary" onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
      {label}
    </Button>
  );
}

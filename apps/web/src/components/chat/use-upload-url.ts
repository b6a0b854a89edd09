"use client";

import { useEffect, useState } from "react";

import { bearerHeaders, usesBearerTokens } from "~/trpc/bearer";

/**
 * Where the browser can read an upload. A page with the session cookie reads the URL itself; the
 * embedded chat has no cookie, and an <img> or a link cannot carry a bearer token, so it fetches
 * the file with its token and shows a local copy (undefined while that loads).
 */
export function useUploadUrl(url: string): string | undefined {
  const fetched = usesBearerTokens() && isOwnUpload(url);
  const [local, setLocal] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!fetched) return;
    let objectUrl: string | undefined;
    let cancelled = false;
    void bearerHeaders()
      .then((headers) => fetch(url, { headers, credentials: "omit" }))
      .then((response) => (response.ok ? response.blob() : null))
      .then((blob) => {
        if (!blob || cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setLocal(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [fetched, url]);
  return fetched ? local : url;
}

function isOwnUpload(url: string) {
  try {
    const parsed = new URL(url);
    return parsed.origin === window.location.origin && parsed.pathname.startsWith("/api/uploads/");
  } catch {
    return false;
  }
}

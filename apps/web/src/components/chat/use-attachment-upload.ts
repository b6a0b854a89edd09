"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import type { Attachment, AttachmentLimits, UploadFailure } from "./upload-file";
import { precheck, UploadFailed, uploadFile } from "./upload-file";

export type UploadState =
  | { status: "idle" }
  | { status: "uploading"; name: string; progress: number }
  | { status: "ready"; attachment: Attachment }
  | { status: "failed"; reason: UploadFailure };

/** One attachment for the composer: uploaded as soon as it is picked, then held until sent. */
export function useAttachmentUpload(limits: AttachmentLimits | undefined) {
  const [state, setState] = useState<UploadState>({ status: "idle" });
  const inFlight = useRef<AbortController | null>(null);

  const clear = useCallback(() => {
    inFlight.current?.abort();
    inFlight.current = null;
    setState({ status: "idle" });
  }, []);

  // Leaving the conversation abandons an upload still in progress.
  useEffect(() => () => inFlight.current?.abort(), []);

  const start = useCallback(
    (file: File) => {
      inFlight.current?.abort();
      const refused = precheck(file, limits);
      if (refused) return setState({ status: "failed", reason: refused });
      const controller = new AbortController();
      inFlight.current = controller;
      setState({ status: "uploading", name: file.name, progress: 0 });
      uploadFile(
        file,
        (progress) => {
          if (!controller.signal.aborted)
            setState({ status: "uploading", name: file.name, progress });
        },
        controller.signal,
      ).then(
        (attachment) => {
          if (!controller.signal.aborted) setState({ status: "ready", attachment });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState({
            status: "failed",
            reason: error instanceof UploadFailed ? error.reason : "other",
          });
        },
      );
    },
    [limits],
  );

  return { state, start, clear };
}

"use client";

import { useFormatter } from "use-intl";

/** Formats sizes as people read them: "850 B", "12,5 kB", "3,2 MB" (in the viewer's locale). */
export function useFileSize() {
  const format = useFormatter();
  return (bytes: number) => {
    const [value, unit] =
      bytes < 1024
        ? [bytes, "byte"]
        : bytes < 1024 * 1024
          ? [bytes / 1024, "kilobyte"]
          : [bytes / 1024 / 1024, "megabyte"];
    return format.number(value, {
      style: "unit",
      unit,
      unitDisplay: "short",
      maximumFractionDigits: 1,
    });
  };
}

export function FileSize(props: { bytes: number }) {
  return <>{useFileSize()(props.bytes)}</>;
}

"use client";

import { Button } from "@atiende/ui";
import { useTranslations } from "use-intl";

import type { CsvCell } from "./csv";
import { downloadCsv, toCsv } from "./csv";

/** "Descargar CSV" for one figure, built from the same data the page shows. */
export function CsvButton(props: {
  name: string;
  fileName: string;
  header: string[];
  rows: CsvCell[][];
}) {
  const t = useTranslations("metrics");
  return (
    <Button
      variant="secondary"
      size="sm"
      aria-label={t("downloadCsvOf", { name: props.name })}
      onClick={() => downloadCsv(props.fileName, toCsv(props.header, props.rows))}
    >
      {t("downloadCsv")}
    </Button>
  );
}

"use client";

import type { RouterInputs, RouterOutputs } from "@atiende/api";
import { AUDIT_ACTIONS } from "@atiende/api/contract";
import { Button } from "@atiende/ui";
import { useState } from "react";
import { useFormatter, useTimeZone, useTranslations } from "use-intl";

import { DateTime } from "~/components/console/date-time";
import { downloadCsv, toCsv } from "~/components/metrics/csv";
import { api } from "~/trpc/react";
import type { AuditFilter } from "./audit-filters";
import { AuditFilters } from "./audit-filters";

type Entry = RouterOutputs["audit"]["list"]["items"][number];
type ListInput = RouterInputs["audit"]["list"];

/** The CSV takes the whole filtered log, a page at a time, up to this many rows. */
const CSV_PAGE = 500;
const CSV_MAX_ROWS = 20_000;

/** What a filter form holds, as the API's input (empty fields left out). */
function toInput(filter: AuditFilter, timeZone: string): ListInput {
  const action = AUDIT_ACTIONS.find((a) => a === filter.action);
  return {
    timeZone,
    ...(filter.actorUserId ? { actorUserId: filter.actorUserId } : {}),
    ...(action ? { action } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
}

/** The data of an entry, as short `key: value` text (the details column and the CSV alike). */
const details = (entry: Entry) =>
  Object.entries(entry.data)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("; ");

/** The audit log: filters, newest first, more on demand, and the whole filtered log as CSV. */
export function AuditLog() {
  const t = useTranslations("admin.audit");
  const format = useFormatter();
  const timeZone = useTimeZone() ?? "UTC";
  const utils = api.useUtils();
  const [filter, setFilter] = useState<AuditFilter>({ actorUserId: "", action: "", from: "", to: "" });
  const [exporting, setExporting] = useState(false);
  const input = toInput(filter, timeZone);
  const log = api.audit.list.useInfiniteQuery({ ...input, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const actionLabel = (action: string) => {
    const known = AUDIT_ACTIONS.find((a) => a === action);
    return known ? t(`actions.${known}`) : action;
  };

  async function exportCsv() {
    setExporting(true);
    try {
      const rows: Entry[] = [];
      let cursor: string | undefined;
      do {
        const page = await utils.audit.list.fetch({ ...input, limit: CSV_PAGE, cursor });
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < CSV_MAX_ROWS);
      const header = [t("when"), t("actor"), "email", t("action"), t("conversation"), t("details")];
      const cells = rows.map((e) => [
        format.dateTime(e.createdAt, { dateStyle: "short", timeStyle: "medium" }),
        e.actor?.name ?? t("system"),
        e.actor?.email ?? "",
        actionLabel(e.action),
        e.conversationId ?? "",
        details(e),
      ]);
      downloadCsv(`auditoria-${filter.from || "inicio"}-${filter.to || "hoy"}.csv`, toCsv(header, cells));
    } finally {
      setExporting(false);
    }
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <Button variant="secondary" disabled={exporting} onClick={() => void exportCsv()}>
          {exporting ? t("csvBusy") : t("csv")}
        </Button>
      </div>
      <AuditFilters value={filter} onChange={setFilter} />
      {log.isPending ? (
        <p className="text-sm text-slate-600">{t("loading")}</p>
      ) : log.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {t("error")}
        </p>
      ) : entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("title")}</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">{t("when")}</th>
                <th scope="col" className="px-3 py-2 font-semibold">{t("actor")}</th>
                <th scope="col" className="px-3 py-2 font-semibold">{t("action")}</th>
                <th scope="col" className="px-3 py-2 font-semibold">{t("details")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className="border-t border-slate-200 align-top">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <DateTime value={entry.createdAt} />
                  </td>
                  <td className="px-3 py-2">{entry.actor?.name ?? t("system")}</td>
                  <td className="px-3 py-2">{actionLabel(entry.action)}</td>
                  <td className="max-w-md px-3 py-2 break-words text-slate-700">{details(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <Button variant="secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t("loadMore")}
        </Button>
      )}
    </div>
  );
}

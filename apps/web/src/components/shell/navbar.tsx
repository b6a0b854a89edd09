import Link from "next/link";

import { getTranslations } from "~/i18n/locale";
import { UserMenu } from "./user-menu";

export async function Navbar({ name }: { name: string }) {
  const t = await getTranslations();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-2">
        <Link href="/" className="text-lg font-bold text-indigo-700">
          {t("app.name")}
        </Link>
        <UserMenu name={name} />
      </div>
    </header>
  );
}
